from . import KindSpec, ex

SPEC = KindSpec(
    kind="count",
    cues=r"""languages|benchmarks|datasets|tasks|subtasks|domains|categories|subjects|LLMs|models
            |families|annotators|participants|countries|metrics|settings|environments|apis|tools""",
    examples=(
        ex("translated to 95 languages", 95, ""),
        ex("we evaluate 26 LLMs", 26, ""),
    ),
    negatives=("three datasets", "two stages"),
)
