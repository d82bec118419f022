from . import KindSpec, ex

SPEC = KindSpec(
    kind="context_length",
    cues=r"""context(?:\ (?:length|window|size))?s?|(?:sequence|input|output|generation|prompt)\ lengths?
            |sequences?|windows?|long[-\ ]context|tokens?\ long|lengths?|generating|generate""",
    examples=(
        ex("supports context windows of up to 128,000 tokens", 128000, "tokens"),
        ex("scaling context lengths from 64K to 512K, 1M, and 2M tokens", 2e6, "tokens", "2M"),
        ex("long-context models such as Yi-200K and Qwen2-128K", 200000, "tokens", "200K"),
        ex("we extend the Mistral model to 96k tokens", 96000, "tokens", "96k"),
        ex("windows ranging from 256K to 2M tokens", 2e6, "tokens", "256K to 2M"),
        ex("a 32K context window", 32e3, "tokens"),
        ex("with a 2048K context length", 2048e3, "tokens"),
        ex("extends the context length to 1 million tokens", 1e6, "tokens"),
        ex("the context length of 8192", 8192, "tokens"),
        ex("scales to sequences of 128k tokens", 128e3, "tokens"),
        ex("reason over 20M long sequences", 20e6, "tokens"),
        ex("from 4k context to 100k", 4e3, "tokens", "4k"),
    ),
    negatives=("context-aware rewriting with GPT-4", "we evaluate 46 widely used long-context LLMs"),
    default_unit="tokens",
)
