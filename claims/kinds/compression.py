from . import KindSpec, ex

SPEC = KindSpec(
    kind="compression",
    cues=r"""compress\w*|compression\ ratios?|(?:input\ |prompt\ |kv\ )?token\ reduction|fewer\ tokens
            |(?:reduce|reducing|shorten\w*)\ (?:the\ )?(?:input\ )?(?:sequence|prompt|context)\ lengths?""",
    examples=(
        ex("answers with 21.5% fewer reasoning tokens", 21.5, "%"),
        ex("drops up to 75% of visual tokens", 75, "%"),
        ex("a 1000x input token reduction", 1000, "x"),
        ex("reducing sequence lengths by up to 80%", 80, "%"),
        ex("a compression ratio of 4", 4, "x"),
        ex("compresses prompts by 20x", 20, "x"),
    ),
    negatives=("compression of GPT-4 prompts",),
    default_unit="x",
)
