from . import KindSpec, ex

SPEC = KindSpec(
    kind="energy",
    cues=r"""energy|power(?:\ consumption)?|carbon|emissions?|CO2|joules?|kWh|watts?""",
    examples=(
        ex("reduces energy by 40%", 40, "%"),
        ex("a 70% reduction in energy consumption", 70, "%"),
        ex("consumes 300 kWh", 300 * 3.6e6, "J"),
    ),
    negatives=("energy-based models such as GPT-4",),
    default_unit="J",
)
