from . import KindSpec, ex

SPEC = KindSpec(
    kind="model_size",
    cues=r"""parameters?|params|model\ sizes?|(?:larger|smaller|bigger)\ models?|-parameter
            |models?|LLMs?|networks?|transformers?|checkpoints?|scales?""",
    examples=(
        ex("Tiny-LM: Designing Sub-billion Parameter Models", 1e9, "params", "Sub-billion"),
        ex("models with fewer than a billion parameters", 1e9, "params", "a billion"),
        ex("on one A100 GPU it compresses a 13B Vicuna model in an hour", 13e9, "params"),
        ex("an 8-billion-parameter model is trained", 8e9, "params", "8-billion"),
        ex("it works for every size from Qwen 1.5B to 72B", 72e9, "params", "1.5B to 72B"),
        ex("we fine-tune a 7B model", 7e9, "params"),
        ex("a 1.1B parameter model", 1.1e9, "params"),
        ex("a one trillion parameter model", 1e12, "params"),
        ex("outperforms a 14x larger model", 14, "x"),
        ex("is 1200x smaller than GPT-3", 1200, "x"),
        ex("experiments on Mistral-7B", 7e9, "params"),
        ex("for LLaMA-3.1-70B we see", 70e9, "params"),
        ex("a model with 70 billion parameters", 70e9, "params"),
        ex("sizes ranging from 7B to 141B", 141e9, "params"),
        ex("on LLaMA 2 7B and 13B", 13e9, "params", "13B"),
        ex("models of 60M, 130M, 350M and 1.1B parameters", 60e6, "params", "60M"),
        ex("the Mixtral-8x7B model", 7e9, "params"),
        ex("a 125M-parameter model", 125e6, "params"),
        ex("using 1.3b parameter models", 1.3e9, "params"),
        ex("only 560 million parameters", 560e6, "params"),
        ex("(0.5B-72B parameters)", 72e9, "params"),
    ),
    negatives=("GPT-4 and Llama 3 are strong", "we compare LLaMA-2 and T5", "Qwen2.5 is open",
               "a 910B NPU"),
    default_unit="params",
)
