from . import KindSpec, ex

SPEC = KindSpec(
    kind="throughput",
    cues=r"""throughputs?|tokens?\ per\ second|tokens?/s|queries\ per\ second|QPS
            |requests?\ per\ second|requests?/s|serving\ capacity|goodput""",
    examples=(
        ex("decodes at 11 tokens per second on a phone", 11, "tokens/s"),
        ex("it reaches 38.5% higher throughput than vLLM", 38.5, "%"),
        ex("delivers 1.9 to 4.0 times throughput", 4.0, "x"),
        ex("2x higher aggregate throughput", 2, "x"),
        ex("reaches 1,200 tokens/s on one GPU", 1200, "tokens/s"),
        ex("up to 4x increase in throughput", 4, "x"),
        ex("improves throughput by 35%", 35, "%"),
        ex("a 1.3x speedup in throughput", 1.3, "x"),
        ex("raises goodput by up to 2.5x over vLLM", 2.5, "x"),
    ),
    negatives=("high-throughput serving of Llama 3",),
    default_unit="tokens/s",
)
