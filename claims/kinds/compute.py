from . import KindSpec, ex

SPEC = KindSpec(
    kind="compute",
    cues=r"""GPU[-\ ]?(?:hours?|days?)|GPUs?|TPUs?|NPUs?|nodes?|cores?|machines?|cards?|devices?|chips?|accelerators?
            |FLOPs?|(?:peta|exa|tera)?flops|compute|computation(?:al)?(?:\ (?:costs?|consumption|budget|overheads?))?
            |MFU|utili[sz]ation|scaling\ efficiency|A100s?|H100s?|H800s?|V100s?""",
    examples=(
        ex("needs only 12 GPU days on one node", 288, "GPU-hours"),
        ex("compared with 10-14 GPU days for training", 336, "GPU-hours"),
        ex("it reduces computation by over 40% on average while keeping accuracy", 40, "%"),
        ex("trained on more than 12,000 GPUs", 12000, "GPUs"),
        ex("on a single GPU", 1, "GPUs"),
        ex("using 120 million exaflops", 120e6 * 1e18, "FLOP"),
        ex("89% strong scaling efficiency", 89, "%"),
        ex("on 48xGH200 superchips", 48, "GPUs"),
        ex("a single 8x A100 machine", 8, "GPUs", "8x"),
        ex("needs 16x computational costs", 16, "x"),
        ex("about 1,000 GPU-hours", 1000, "GPU-hours"),
        ex("with eight cores on M2-Ultra", 8, "cores"),
        ex("fits on a single NVIDIA RTX 4090 GPU", 1, "GPUs", "a single"),
        ex("served by two commodity GPUs", 2, "GPUs"),
        ex("trained on $4\\times$ H800 GPUs", 4, "GPUs", "4\\times$"),
        ex("on a single RTX 3090 in a day", 1, "GPUs", "a single"),
        ex("it trains on a single GH200 overnight", 1, "GPUs", "a single"),
        ex("fine-tuning on single 48G A6000 cards", 1, "GPUs", "single"),
    ),
    negatives=("GPU-friendly kernels for GPT-4", "thousands of GPUs", "splits the two phases within GPUs"),
    default_unit="GPUs",
)
