from . import KindSpec, ex

SPEC = KindSpec(
    kind="latency",
    cues=r"""latenc(?:y|ies)(?:\ per\ (?:token|request|query|sample|step))?|time[-\ ]to[-\ ]first[-\ ]token|TTFT|TPOT|TBT|time[-\ ]between[-\ ]tokens|response\ times?
            |per[-\ ]token\ time|end[-\ ]to[-\ ]end\ time|run[-\ ]?time|delay""",
    examples=(
        ex("cuts first-token latency from 1.25s to 0.38s", 1.25, "s", "1.25s"),
        ex("a latency speedup ratio of 1.9x-2.4x over greedy decoding", 2.4, "x", "1.9x-2.4x"),
        ex("with 2.5x lower TBT than vLLM", 2.5, "x"),
        ex("the latency per token is only 68% of the baseline", 68, "%"),
        ex("reduces inference latency by 10X", 10, "x"),
        ex("answers in 3 ms per token latency", 0.003, "s"),
        ex("cuts time-to-first-token by 45%", 45, "%"),
        ex("a latency of 1.5 seconds", 1.5, "s"),
    ),
    negatives=("in the 1990s", "latency-aware scheduling for GPT-4",),
    default_unit="s",
)
