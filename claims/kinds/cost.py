from . import KindSpec, ex

SPEC = KindSpec(
    kind="cost",
    cues=r"""USD|dollars?|budget|price|(?:training|inference|api|monetary|financial)\ costs?|cheaper""",
    examples=(
        ex("a $100K budget", 100e3, "USD"),
        ex("costs less than $300", 300, "USD"),
    ),
    negatives=("cost-effective GPT-4 usage", "$2.5\\times$ faster on GPT-4", "Adam's step size $1/\\sqrt{v}$ per weight"),
    default_unit="USD",
)
