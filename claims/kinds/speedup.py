from . import KindSpec, ex

SPEC = KindSpec(
    kind="speedup",
    cues=r"""speed[-\ ]?ups?|speeds?\ up|faster|accelerat\w*|speed\ gains?|speed|quicker
            |outpac\w*|wall[-\ ]?clock|(?:training|inference|decoding|generation)\ (?:time|speed)|token\ generation""",
    examples=(
        ex("reaches speedups of $2.16\\times$$\\sim$$2.50\\times$ over vanilla decoding", 2.5, "x"),
        ex("the new kernel outpaces cuBLAS by 22%", 22, "%"),
        ex("achieves a 2.4x speedup over the baseline", 2.4, "x"),
        ex("our kernels are 3.5x faster than cuBLAS", 3.5, "x"),
        ex("accelerates decoding by 2x", 2, "x"),
        ex("a 25.3X wall-clock speed-up over FlashAttention-2", 25.3, "x"),
        ex("runs 2.4times faster than Transformers", 2.4, "x"),
        ex("yields 1.6-1.8times speedup", 1.8, "x"),
        ex("achieves approximately 2$\\times$ speedup", 2, "x"),
        ex("training is twice as fast", 2, "x"),
        ex("inference is 40% faster", 40, "%"),
        ex("an order of magnitude faster than prior work", 10, "x"),
        ex("gives a 3 × speed-up", 3, "x"),
        ex("it also speeds up token generation by 12%", 12, "%"),
        ex("with further speed-ups of 1.2--1.9× on long inputs", 1.9, "x", "1.2--1.9×"),
        ex("it yields a 2.4 speedup over FlashAttention-2", 2.4, "x"),  # the × lost from the page
        ex("the kernels deliver 1.06-3.81 speedups over cuBLAS", 3.81, "x", "1.06-3.81"),
    ),
    negatives=("FlashAttention-2 is fast", "we speed up GPT-4 inference", "speedups on Llama 3",
               "we list 3 speedups", "on Llama 3.1 speedups are small", "with vLLM 0.6 speedup is limited"),
)
