from . import KindSpec, ex

SPEC = KindSpec(
    kind="other",
    cues=r"""rank|batch\ sizes?|lines?\ of\ code|layers|heads|experts|steps|iterations|epochs|toxicity|(?:cache\ )?hit\ rates?|mean\ absolute\ error|MAE|RMSE
            |(?:word|character)\ error\ rates?|WER|CER""",
    examples=(
        ex("5.75x larger batch sizes", 5.75, "x"),
        ex("with a rank of 8", 8, ""),
        ex("reaching an 85% prefix cache hit rate", 85, "%"),
        ex("predicts it with 3.1% mean absolute error", 3.1, "%"),
        ex("it reaches 4.2% WER on the test set", 4.2, "%"),
        ex("a word error rate of 7.5% on noisy speech", 7.5, "%"),
        ex("with a 2048-token cache it keeps full accuracy", 2048, "tokens"),
        ex("it holds up under a fixed cache budget of 512", 512, ""),
        ex("cuts harmful outputs by up to 80% on HarmBench and 41.5% on XSTest", 41.5, "%"),
    ),
    negatives=("two lines of thought", "splits W into a magnitude component and a direction",),
)
