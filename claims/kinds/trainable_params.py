from . import KindSpec, ex

SPEC = KindSpec(
    kind="trainable_params",
    cues=r"""(?:trainable|tunable|learnable|updated|fine-?tuned)\ param\w*|trainable|of\ (?:the\ )?(?:model\ )?param\w*""",
    examples=(
        ex("training only 0.1% of parameters", 0.1, "%"),
        ex("only 0.5M trainable parameters", 0.5e6, "params"),
    ),
    negatives=("trainable GPT-4 prompts",),
    default_unit="params",
)
