from . import KindSpec, ex

SPEC = KindSpec(
    kind="memory",
    cues=r"""(?:GPU|peak|training|inference|activation|optimizer|KV[-\ ]cache)\ memory|memory
            |VRAM|HBM|DRAM|SRAM|RAM|footprint|storage|optimizer\ states?|bytes|KV[-\ ]cache""",
    examples=(
        ex("while keeping only 8% of the KV cache", 8, "%"),
        ex("fits on consumer GPUs with 24GB memory", 24e9, "B"),
        ex("runs on an A100-80G GPU", 80e9, "B"),
        ex("reduces memory by 65.5%", 65.5, "%"),
        ex("a 3.97x reduction in peak memory", 3.97, "x"),
        ex("needs \\textless2MB of additional storage", 2e6, "B"),
        ex("one A100 40GB card", 40e9, "B"),
        ex("with only 20G HBM", 20e9, "B"),
        ex("needs 16 GiB of memory", 16 * 2**30, "B"),
        ex("uses half the memory of LoRA", 0.5, "x"),
        ex("cuts optimizer states by 8 times", 8, "x"),
    ),
    negatives=("long-term memory for GPT-4", "memory-efficient training of Llama 2"),
    default_unit="B",
)
