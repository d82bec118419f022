from . import KindSpec, ex

SPEC = KindSpec(
    kind="sparsity",
    cues=r"""sparsity|sparse|sparsif\w*|prun\w*|zeroed|removed|remove""",
    examples=(
        ex("keeps 92% of the accuracy with 20% layers removed", 20, "%"),
        ex("we simply drop the last 30% of layers", 30, "%"),
        ex("even when 40% of Mistral-7B's weights are removed", 40, "%"),
        ex("at 50% sparsity", 50, "%"),
        ex("using 2:4 sparsity", 50, "%"),
        ex("we prune 20% of parameters", 20, "%"),
        ex("achieving 50-60% sparsity", 60, "%"),
        ex("semi-structured 4:8 sparse patterns", 50, "%"),
    ),
    negatives=("sparse attention in GPT-4", "a 1:1 mixture of data"),
    default_unit="%",
)
