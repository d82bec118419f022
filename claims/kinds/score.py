from . import KindSpec, ex

SPEC = KindSpec(
    kind="score",
    cues=r"""accuracy|accuracies|acc\.|F1(?:[-\ ]scores?)?|exact\ match|EM|BLEU|ROUGE(?:-\w+)?|METEOR|chrF\+*
            |pass@\d+|win[-\ ]?rates?|success\ rates?|(?:solve|pass|resolve)\ rates?|IoU|AUROC|AUPRC|TPR|TNR|scores?|scoring|points?|correlations?|correlat(?:e|es|ed|ing)
            |recall|precision
            |AUC|MRR|nDCG(?:@\d+)?|Elo|agreement|correctness(?:\ rate)?|performance|improv\w*|gains?
            |boosts?|outperform\w*|outscor\w*|better|higher|benchmark|results?|MMLU|GSM8K|HumanEval
            |(?:performance\ |accuracy\ |quality\ )?gaps?""",
    examples=(
        ex("gains of +1.4 for the 1B model, +2.4 for the 3B model and +5.1 for the 8B model", 5.1, "", "+5.1"),
        ex("the student beats its teacher by a margin of 1.7 on GLUE", 1.7, ""),
        ex("a 30.1 win rate on AlpacaEval 2 and 7.35 on MT-Bench", 7.35, ""),
        ex("the agent solves 17/20 tasks end to end", 0.85, "", "17/20"),
        ex("ahead of the baseline (15/22, 68.2%)", 0.6818, "", "15/22"),
        ex("beats the strongest baseline by 1.9 percentage points while delivering a 30% acceleration", 1.9, "%"),
        ex("a 2.4 percentage points advantage over models trained on C4", 2.4, "%"),
        ex("switching optimizers lifts the reasoning average by 3.1%", 3.1, "%"),
        ex("achieves 83.09% accuracy", 83.09, "%"),
        ex("F1 scores of 0.79", 0.79, ""),
        ex("improves accuracy by +4.0%", 4.0, "%"),
        ex("an increase of 9.89 in ROUGE-L", 9.89, ""),
        ex("reaches 54.6\\% pass@1", 54.6, "%"),
        ex("a 3.0% improvement on MMLU", 3.0, "%"),
        ex("an accuracy of 0.66", 0.66, ""),
        ex("by 6.22 accuracy points", 6.22, ""),
        ex("good results on standard benchmarks (i.e., 71.3% for HellaSwag", 71.3, "%"),
        ex("our system attains 64.2% overall", 64.2, "%"),
        ex("the best agent solves 31% of the problems unaided", 31, "%"),
        ex("and preserves 88.5% of the dense model's quality", 88.5, "%"),
        ex("beating the strongest baseline by 3.2%", 3.2, "%"),
        ex("it outscores GPTQ by over 7 points", 7, ""),
        ex("it beats RTN and AWQ by more than 4.5 points", 4.5, ""),
        ex("it raises recall by 2.1 points on SciFact, 3.4 on NFCorpus, and 1.2 on FiQA", 3.4, "", "3.4"),
        ex("a gap of only 6 points difference", 6, ""),
        ex("it beats the best baseline by +2.6", 2.6, "", "+2.6"),
        ex("the detector has the highest AUROC of 0.91", 0.91, ""),
        ex("a 3.4-point improvement over plain LoRA", 3.4, "", "3.4"),
        ex("raters give it a modest 2.35/5 on fluency", 2.35, ""),
        ex("with a 2048-token cache it reaches 64% on AIME-2024", 64, "%"),
        ex("lifts mean accuracy from 41.3 to 47.9 under 3-bit weights", 41.3, "", "41.3"),
        ex("tools raise task success rates (e.g., from 8.3% to 20.4% for o3)", 8.3, "%", "8.3%"),
        ex("the best model, scoring 90.1% in Swahili", 90.1, "%"),
        ex("scoring 90.1% in Swahili, 71.4% in Yoruba, and 60.2% in Hausa", 71.4, "%", "71.4%"),
        ex("human ratings correlate strongly with it (0.61 to 0.77)", 0.77, "", "0.61 to 0.77"),
        ex("narrows the performance gap between 4-bit and FP16 models by about 20%", 20, "%"),
        ex("while accuracy on Korean declines by 2.3% on average", 2.3, "%"),
        ex("annotators report an 11.5% drop on open-ended prompts", 11.5, "%"),
    ),
    negatives=("protects GPT-3.5/4 and Claude", "95% confidence interval", "top-1 accuracy on GPT-4", "p < 0.05",
               "weights released in 12/2023", "a 24/7 service"),
    default_unit="",
)
