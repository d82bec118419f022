from . import KindSpec, ex

SPEC = KindSpec(
    kind="perplexity",
    cues=r"""perplexit(?:y|ies)|PPL|(?:validation|training|test)\ loss|loss|bits\ per\ (?:byte|character)|BPB|BPC""",
    examples=(
        ex("perplexity 6.72 on WikiText", 6.72, ""),
        ex("reduces perplexity by 0.01-0.34", 0.34, ""),
        ex("the dense model's 5.12 PPL", 5.12, ""),
        ex("perplexity decreased from 9.64 to 7.23", 7.23, "", "7.23"),
    ),
    negatives=("perplexity-based filtering on Llama 2",),
    default_unit="",
)
