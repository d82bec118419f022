from . import KindSpec, ex

SPEC = KindSpec(
    kind="data_size",
    cues=r"""tokens?|samples?|examples?|data\ points|pairs|instances|documents?|books|images|sentences
            |words|instructions|videos|conversations|dialogues|questions|problems|prompts|hours\ of
            |(?:training\ )?data(?:set)?|corpus|corpora|trajectories|combinations""",
    examples=(
        ex("a survey in five countries (N=12,000) finds gaps", 12000, "examples"),
        ex("the pipeline relies on ~18M instruction templates", 18e6, "examples"),
        ex("we collect almost 200,000 comparisons from raters", 200000, "examples"),
        ex("a suite of 2,400 carefully written test cases", 2400, "examples"),
        ex("built from 812 hour-long videos", 812, "examples"),
        ex("a benchmark of 2,400 expert-written questions", 2400, "examples", "2,400"),
        ex("a 9-trillion token corpus of web text", 9e12, "tokens", "9-trillion"),
        ex("a suite comprising 2,750 queries", 2750, "examples", "2,750"),
        ex("trained on 19.7B tokens", 19.7e9, "tokens"),
        ex("on 20 trillion tokens of text", 20e12, "tokens"),
        ex("a dataset of 8,161 pairs", 8161, "examples"),
        ex("comprising 36k pairs of segments", 36e3, "examples"),
        ex("192k combinations", 192e3, "examples"),
        ex("only 100 samples", 100, "examples"),
        ex("1 GB of free-text", 1e9, "B"),
    ),
    negatives=("tokens from GPT-4", "covers over 500 evaluation tasks in 250 languages"),
    default_unit="tokens",
)
