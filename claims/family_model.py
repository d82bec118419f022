"""Which families a paper belongs to, decided by a linear model fitted to hand-labelled papers.

The taxonomy (families.toml) scores each family from weighted phrases; a fixed threshold per
family then over-assigns families a paper only mentions and misses ones it describes in
words no phrase covers (on papers no rule was written from, families F1 stayed near 0.80
however many phrases were added). This model reads the same evidence and a little more: per
family, a logistic regression over the taxonomy's scores of *all* families (capped) and the
paper's words (tf-idf of the title, counted three times, and the abstract). A family is
assigned when its logit is >= 0.

Public names::

    FamilyModel.load(path=None) -> FamilyModel        # the bundled family_model.json
    FamilyModel.logits(title, abstract, scores) -> dict[str, float]
    fit(papers, families) -> dict                     # needs scikit-learn (the dev extra)

Refit after editing families.toml or the gold sets: ``make family-model`` (it runs
``python -m claims.family_model GOLD... -o claims/family_model.json``). The file is plain
JSON: per word its idf and its weight for each family, so "which words push a paper into
quantization" can be read from it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

DEFAULT_MODEL_PATH = Path(__file__).with_name("family_model.json")

# runs of two or more word characters (scikit-learn's default tokens); the stdlib `re` is
# 40% faster than `regex` on this one pattern, and it has no nested quantifier to guard
_TOKEN = re.compile(r"\w\w+")
TITLE_REPEAT = 3  # a title word counts as much as three abstract mentions
SCORE_CAP = 12.0  # taxonomy scores above this add nothing (one family's many repeats)
# capped score / cap * scale: the score features' range next to tf-idf's. Chosen with fit's C by
# leave-one-set-out over the gold sets: mean families F1 0.852 at scale 3 and C=10, 0.868 at
# scale 0.5 and C=30 (a smaller scale lets the words carry more)
SCORE_SCALE = 0.5
_ROUND = 5  # digits kept of intercepts and score weights (refits on another machine agree to this)
_ROUND_WORDS = 3  # and of the word weights: 4,000 words x 20 families; changes no decision


def words(title: str, abstract: str, title_repeat: int = TITLE_REPEAT) -> list[str]:
    """The tokens a paper is read as: lower-case runs of two or more word characters, the
    title's repeated ``title_repeat`` times."""
    return _TOKEN.findall(title.lower()) * title_repeat + _TOKEN.findall(abstract.lower())


def score_features(scores: dict[str, float], families: tuple[str, ...],
                   cap: float = SCORE_CAP, scale: float = SCORE_SCALE) -> list[float]:
    return [min(scores.get(f, 0.0), cap) / cap * scale for f in families]


class FamilyModel:
    """The fitted weights, held as arrays: a paper costs one word count and two small
    matrix products (~0.15 ms with the tokenising)."""

    def __init__(self, families, intercept, score_coef, idf, word_coef, settings=None):
        settings = settings or {}
        self.families: tuple[str, ...] = tuple(families)  # the families it decides (and whose scores it reads)
        self.title_repeat = int(settings.get("title_repeat", TITLE_REPEAT))  # the features it was fitted with
        self.score_cap = float(settings.get("score_cap", SCORE_CAP))
        self.score_scale = float(settings.get("score_scale", SCORE_SCALE))
        n = len(self.families)
        self._index = {w: i for i, w in enumerate(idf)}
        self._idf = np.array(list(idf.values()), dtype=float)
        self._intercept = np.array([intercept[f] for f in self.families], dtype=float)
        self._score_coef = np.array([score_coef[f] for f in self.families], dtype=float)  # family x family
        self._word_coef = np.array([word_coef[w] for w in idf], dtype=float).reshape(len(idf), n)
        if self._score_coef.shape != (n, n) or self._idf.shape != (len(idf),):
            raise ValueError(f"score_coef must be {n} x {n} and idf one number a word")

    @classmethod
    def from_dict(cls, data: dict) -> FamilyModel:
        words = data["words"]  # word -> [idf, [weight per family, in "families" order]]
        return cls(data["families"], data["intercept"], data["score_coef"],
                   {w: v[0] for w, v in words.items()}, {w: v[1] for w, v in words.items()}, data.get("settings"))

    @classmethod
    def load(cls, path: str | Path | None = None) -> FamilyModel:
        return cls.from_dict(json.loads(Path(path or DEFAULT_MODEL_PATH).read_text(encoding="utf-8")))

    def logits(self, title: str, abstract: str, scores: dict[str, float]) -> dict[str, float]:
        """The log-odds of every family the model knows, given the taxonomy's scores."""
        x = score_features(scores, self.families, self.score_cap, self.score_scale)
        out = self._intercept + self._score_coef @ np.array(x)
        ids = [i for i in map(self._index.get, words(title, abstract, self.title_repeat)) if i is not None]
        if ids:
            rows, n = np.unique(np.array(ids), return_counts=True)
            x = (1.0 + np.log(n)) * self._idf[rows]
            out = out + (x / np.sqrt(x @ x)) @ self._word_coef[rows]
        return dict(zip(self.families, out.tolist()))


def fit(papers, families: tuple[str, ...], *, C: float = 30.0, min_df: int = 3) -> dict:
    """Fit the model to labelled papers: an iterable of (title, abstract, gold families,
    taxonomy scores). Returns the JSON-ready dict FamilyModel.from_dict reads. The word
    features are scikit-learn's tf-idf (sublinear tf, smoothed idf, l2 norm) over ``words``,
    which FamilyModel.logits recomputes by hand."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    papers = list(papers)
    vec = TfidfVectorizer(analyzer=lambda toks: toks, min_df=min_df, sublinear_tf=True)
    X_words = vec.fit_transform([words(t, a) for t, a, _, _ in papers])
    X_scores = csr_matrix(np.array([score_features(s, families) for _, _, _, s in papers]))
    X = hstack([X_words, X_scores]).tocsr()
    vocab = vec.get_feature_names_out()
    n_words = len(vocab)
    intercept, score_coef, word_coef = {}, {}, []
    for f in families:
        y = np.array([f in gold for _, _, gold, _ in papers])
        if y.sum() < 2:
            raise ValueError(f"family {f!r} has {int(y.sum())} labelled papers; the model needs two or more")
        m = LogisticRegression(C=C, max_iter=10000, class_weight="balanced").fit(X, y)
        coef = m.coef_[0]
        intercept[f] = round(float(m.intercept_[0]), _ROUND)
        score_coef[f] = [round(float(c), _ROUND) for c in coef[n_words:]]
        word_coef.append([round(float(c), _ROUND_WORDS) + 0.0 for c in coef[:n_words]])  # no -0.0
    return {
        "about": "claims.family_model: per-family logistic regression over taxonomy scores and tf-idf words",
        "families": list(families),
        "settings": {"title_repeat": TITLE_REPEAT, "score_cap": SCORE_CAP, "score_scale": SCORE_SCALE,
                     "C": C, "min_df": min_df, "papers": len(papers)},
        "intercept": intercept,
        "score_coef": score_coef,
        "words": {w: [round(float(i), _ROUND), [fc[k] for fc in word_coef]] for k, (w, i) in enumerate(zip(vocab, vec.idf_))},
    }


def _labelled(paths) -> list[tuple[str, str, list[str]]]:
    """(title, abstract, families) from gold files; a line without an abstract (the dev gold)
    takes it from the bundled corpus. A paper in two files is read once."""
    from claims.errors import GoldError
    from claims.readers import bundled_corpus, read_many
    from claims.text import normalise_title

    corpus = {}
    for r in read_many(bundled_corpus()):
        corpus.setdefault(normalise_title(r.title), r.abstract)
    out, seen = [], set()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                d = json.loads(line)
                key = normalise_title(d["title"])
                abstract = d.get("abstract") or corpus.get(key)
                if abstract is None:
                    raise GoldError(path, f"no abstract, and the title is not in the bundled corpus: {d['title']!r}", n)
                if key not in seen:
                    seen.add(key)
                    out.append((d["title"], abstract, list(d["families"])))
    return out


def _dumps(model: dict) -> str:
    """One word per line, so a refit's diff shows which words moved."""
    head = {k: v for k, v in model.items() if k != "words"}
    lines = [json.dumps(w, ensure_ascii=False) + ":" + json.dumps(v, separators=(",", ":"))
             for w, v in sorted(model["words"].items())]
    body = json.dumps(head, sort_keys=True, ensure_ascii=False, indent=1)
    return body[:-2] + ',\n "words": {\n' + ",\n".join(lines) + "\n }\n}\n"


def main(argv=None) -> int:
    import argparse

    from claims.families import FAMILIES, load_taxonomy

    ap = argparse.ArgumentParser(prog="python -m claims.family_model", description="Fit the families model to gold files.")
    ap.add_argument("gold", nargs="+", help="gold JSONL files (title, families; abstract or a corpus title)")
    ap.add_argument("-o", "--output", default=str(DEFAULT_MODEL_PATH))
    args = ap.parse_args(argv)
    tax = load_taxonomy()
    fams = tuple(f for f in FAMILIES if f != tax.fallback)
    papers = [(t, a, g, tax.scores(t, a)) for t, a, g in _labelled(args.gold)]
    model = fit(papers, fams)
    tmp = Path(args.output + ".tmp")
    tmp.write_text(_dumps(model), encoding="utf-8")
    tmp.replace(args.output)
    print(f"{args.output}: {len(papers)} papers, {len(model['words'])} words, {len(fams)} families")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
