from . import KindSpec, ex

SPEC = KindSpec(
    kind="bit_width",
    cues=r"""bits?|bit[-\ ]?widths?|precision|quanti[sz]\w*|low[-\ ]bit""",
    examples=(
        ex("pretraining in NVFP4 matches FP8", 4, "bit", "NVFP4"),
        ex("all weights are in 1.58 Bits", 1.58, "bit", "1.58 Bits"),
        ex("we quantize to 4-bit", 4, "bit"),
        ex("with 2 bits per weight", 2, "bit"),
        ex("under W4A8 quantization", 4, "bit"),
        ex("INT8 kernels", 8, "bit"),
        ex("compared to FP16", 16, "bit"),
        ex("a BF16 baseline", 16, "bit"),
        ex("NF4 data type", 4, "bit"),
        ex("1.58-bit models", 1.58, "bit"),
        ex("BitNet b1.58 models", 1.58, "bit"),
        ex("the INT2.1 format", 2.1, "bit"),
        ex("sub-4-bit quantization", 4, "bit"),
        ex("unquantized bfloat16 models", 16, "bit"),
        ex("int4 and float16 weights", 4, "bit", "int4"),
        ex("down to 3 or 4 bits", 3, "bit", "3"),
        ex("a 4bit model", 4, "bit"),
    ),
    negatives=("bit-level parallelism in GPT-4", "a bitter lesson"),
    default_unit="bit",
)
