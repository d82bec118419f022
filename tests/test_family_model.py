"""The families model (claims/family_model.py): its hand-written scoring equals
scikit-learn's, the committed weights are what the listed gold files give, and a taxonomy can
turn it off or add families it does not know."""
import json
import math
from pathlib import Path

import pytest

from claims.families import FAMILIES, TaxonomyError, detect_families, load_taxonomy
from claims.family_model import DEFAULT_MODEL_PATH, FamilyModel, _labelled, fit, words

HERE = Path(__file__).parent
ROOT = HERE.parent
GOLD_LIST = HERE / "data" / "family_model.gold"

sklearn = pytest.importorskip("sklearn")  # a dev dependency: fitting only, never needed to run


def _gold_files() -> list[Path]:
    lines = [l.strip() for l in GOLD_LIST.read_text(encoding="utf-8").splitlines()]
    return [ROOT / l for l in lines if l and not l.startswith("#")]


def _papers(files):
    tax = load_taxonomy()
    return [(t, a, g, tax.scores(t, a)) for t, a, g in _labelled(files)]


FAMS = tuple(f for f in FAMILIES if f != "other")


def test_words_are_runs_of_two_or_more_word_characters_title_counted_three_times():
    assert words("W4A8: 2-bit KV", "A 4-bit LLM, i.e. GPT-4") == (
        ["w4a8", "bit", "kv"] * 3 + ["bit", "llm", "gpt"])  # "A", "4", "i", "e" are single characters


def test_hand_written_logits_equal_scikit_learn_decision_function():
    """FamilyModel.logits recomputes tf-idf and the linear model by hand; on the papers it was
    fitted to it must give scikit-learn's decision_function (up to the 3-5 digits stored)."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from claims.family_model import score_features

    papers = _papers([HERE / "data" / "families_test_A.jsonl", HERE / "data" / "families_test_B.jsonl",
                      HERE / "data" / "gold_D1.jsonl"])
    fams = ("quantization", "evaluation", "retrieval_rag")
    model = FamilyModel.from_dict(fit(papers, fams))
    vec = TfidfVectorizer(analyzer=lambda toks: toks, min_df=3, sublinear_tf=True)
    X = hstack([vec.fit_transform([words(t, a) for t, a, _, _ in papers]),
                csr_matrix(np.array([score_features(s, fams) for *_, s in papers]))]).tocsr()
    for f in fams:
        y = np.array([f in g for _, _, g, _ in papers])
        expected = LogisticRegression(C=30.0, max_iter=10000, class_weight="balanced").fit(X, y).decision_function(X)
        got = [model.logits(t, a, s)[f] for t, a, _, s in papers]
        assert max(abs(e - g) for e, g in zip(expected, got)) < 0.01, f
        assert sum(e >= 0 for e in expected) == sum(g >= 0 for g in got) > 0


@pytest.mark.slow
def test_committed_model_is_what_the_gold_files_give():
    """claims/family_model.json is generated (make family-model); a change to the taxonomy or
    to a listed gold file without a refit fails here."""
    files = _gold_files()
    if not all(p.exists() for p in files):
        pytest.skip("a listed gold file is missing (the dev gold needs the shared ../shared checkout)")
    committed = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    refit = fit(_papers(files), FAMS)
    assert refit["families"] == committed["families"] and refit["settings"] == committed["settings"]
    assert refit["words"].keys() == committed["words"].keys(), "stale: run make family-model"
    for f in FAMS:
        assert refit["intercept"][f] == pytest.approx(committed["intercept"][f], abs=1e-3), f
        assert refit["score_coef"][f] == pytest.approx(committed["score_coef"][f], abs=1e-3), f
    worst = max(abs(a - b) for w in refit["words"] for a, b in zip(refit["words"][w][1], committed["words"][w][1]))
    assert worst <= 2e-3, "stale: run make family-model"
    assert all(abs(refit["words"][w][0] - committed["words"][w][0]) <= 1e-4 for w in refit["words"]), "idf: stale"


def test_model_reads_scores_of_every_family_and_words():
    model = FamilyModel.load()
    assert model.families == FAMS
    quant = model.logits("", "", {"quantization": 12.0})["quantization"]
    none = model.logits("", "", {})["quantization"]
    assert quant > 0 > none  # a strong taxonomy score alone decides
    # words move the decision too: the same score with a quantization paper's words is surer
    text = "We quantize the weights to 4-bit integers with post-training quantization and calibration."
    assert model.logits("", text, {"quantization": 6.0})["quantization"] > model.logits("", "", {"quantization": 6.0})["quantization"]


def test_empty_and_unknown_text_gives_the_fallback():
    assert detect_families("", "") == ["other"]
    assert detect_families("zzqx", "qqzx vvwx") == ["other"]
    assert all(math.isfinite(v) for v in FamilyModel.load().logits("zzqx", "", {}).values())


def test_model_decides_known_families_thresholds_the_rest(tmp_path):
    """A user family the model does not know is decided by its threshold; the model still
    decides the spec's families."""
    user = tmp_path / "user.toml"
    user.write_text("[robotics]\nthreshold = 2.0\npatterns = [{ re = 'robot\\w*', w = 2.0 }]\n", encoding="utf-8")
    tax = load_taxonomy(user)
    assert tax.model is not None
    got = detect_families("Quantizing robot policies to 4-bit", "We quantize robot control policies.", tax)
    assert "robotics" in got and "quantization" in got


def test_model_can_be_turned_off(tmp_path):
    user = tmp_path / "off.toml"
    user.write_text('[settings]\nmodel = ""\n', encoding="utf-8")
    tax = load_taxonomy(user)
    assert tax.model is None
    title, abstract = "A Survey of LLM Inference", "We review how serving systems speed up decoding."
    assert detect_families(title, abstract, tax) == tax.assign(tax.scores(title, abstract))


def test_bad_model_path_names_the_file(tmp_path):
    user = tmp_path / "bad.toml"
    user.write_text('[settings]\nmodel = "missing.json"\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"bad\.toml: settings\.model: .*missing\.json"):
        load_taxonomy(user)  # when the taxonomy is read, before a run writes anything
    (tmp_path / "broken.json").write_text('{"families": ["quantization"], "words": {"a": 1.0}}', encoding="utf-8")
    user.write_text('[settings]\nmodel = "broken.json"\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="broken.json"):
        load_taxonomy(user)


def test_explain_shows_the_logit_behind_each_decision():
    title = "QuIP: 2-Bit Quantization of Large Language Models"
    abstract = "We quantize weights to 2 bits with incoherence processing."
    ex = load_taxonomy().explain(title, abstract)
    assert ex["quantization"]["assigned"] and ex["quantization"]["logit"] >= 0
    assert all(e["assigned"] == (e.get("logit", 0) >= 0) for f, e in ex.items() if f != "other")


UNSEEN = [HERE / "data" / f"families_test_N{i}.jsonl" for i in range(1, 5)]  # the committed model's unseen test


def test_the_unseen_test_set_is_in_no_training_file():
    """Set N measures the committed model on papers it was not fitted to (README): neither its
    files nor any of its titles may be among the model's training files."""
    from claims.text import normalise_title

    train = {f.resolve() for f in _gold_files()}
    assert not train & {f.resolve() for f in UNSEEN}
    unseen = {normalise_title(json.loads(l)["title"]) for f in UNSEEN for l in f.read_text(encoding="utf-8").splitlines()}
    assert len(unseen) == 160
    seen = {normalise_title(json.loads(l)["title"]) for f in train if f.exists()
            for l in f.read_text(encoding="utf-8").splitlines() if l.strip()}
    assert not unseen & seen, sorted(unseen & seen)[:3]


@pytest.mark.slow
def test_model_fitted_without_the_dev_gold_reaches_the_target_on_it():
    """The committed model has seen the dev gold; this fits one without it (and without the
    dev papers' copies in other files) and scores dev as unseen papers: families F1 >= 0.85
    (measured 0.906; the rules alone 0.914, after being tuned on dev)."""
    from claims.text import normalise_title

    files = _gold_files()
    dev = ROOT / "../shared/gold/dev.jsonl"
    if not dev.exists():
        pytest.skip("dev gold needs the shared ../shared checkout")
    dev_papers = _papers([dev])
    held = {normalise_title(t) for t, *_ in dev_papers}
    train = [p for p in _papers([f for f in files if f.resolve() != dev.resolve()]) if normalise_title(p[0]) not in held]
    tax = load_taxonomy()
    model = FamilyModel.from_dict(fit(train, FAMS))
    tp = fp = fn = 0
    for t, a, gold, scores in dev_papers:
        got = set(tax.assign(scores, model.logits(t, a, scores)))
        tp, fp, fn = tp + len(got & set(gold)), fp + len(got - set(gold)), fn + len(set(gold) - got)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.85, f"families F1 on dev, fitted without it: {f1:.3f}"


def test_a_users_threshold_takes_the_family_from_the_model(tmp_path):
    title, abstract = "QuIP: 2-Bit Quantization of Large Language Models", "We quantize weights to 2 bits."
    assert "quantization" in detect_families(title, abstract)
    user = tmp_path / "strict.toml"
    user.write_text("[quantization]\nthreshold = 1000\n", encoding="utf-8")
    tax = load_taxonomy(user)
    assert "quantization" not in detect_families(title, abstract, tax)
    assert "logit" not in tax.explain(title, abstract)["quantization"]  # its threshold decided


def test_relative_model_path_is_read_from_the_taxonomy_files_folder(tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "my.json").write_text(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    (sub / "rel.toml").write_text('[settings]\nmodel = "my.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    tax = load_taxonomy("sub/rel.toml")
    monkeypatch.chdir(sub.parent.parent)  # elsewhere: the path was fixed when the file was read
    assert tax.model is not None and tax.model_path == (sub / "my.json").resolve()


def test_explain_lists_families_in_order_and_takes_missing_fields():
    ex = load_taxonomy().explain(None, "We distill a 7B teacher into a 1B student and quantize it to 4-bit.")
    order = [f for f in FAMILIES if f in ex]
    assert list(ex) == order and "distillation" in ex
    assert "other" not in ex or ex["other"]["rules"]  # the fallback is listed only for its own rules


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ML_WORDS = ["quantization", "4-bit", "LoRA", "KV cache", "we propose", "benchmark", "survey", "agents",
             "retrieval", "long context", "pruning", "distillation", "RLHF", "code", "multilingual", ". ", ", "]


@settings(max_examples=200, deadline=3000)
@given(title=st.text(max_size=80), abstract=st.lists(st.one_of(st.sampled_from(_ML_WORDS), st.text(max_size=12)),
                                                       max_size=60).map(" ".join))
def test_any_text_gets_known_families_in_order_and_explain_agrees(title, abstract):
    tax = load_taxonomy()
    got = detect_families(title, abstract)
    assert got and len(set(got)) == len(got)
    assert got == [f for f in FAMILIES if f in got]  # known families, in FAMILIES order
    ex = tax.explain(title, abstract)
    assert {f for f, e in ex.items() if e["assigned"]} | ({"other"} if got == ["other"] else set()) == set(got)
    assert all(math.isfinite(e.get("logit", 0.0)) for e in ex.values())


def test_a_users_phrase_puts_a_paper_in_a_family_the_model_decides(tmp_path):
    """The model gives a user's added phrase little weight (it was fitted without it), so a
    family it decides is also given when the user's own patterns reach its threshold."""
    title, abstract = "Mixing Tables", "We study how tabular mixing behaves in transformers."
    assert "quantization" not in detect_families(title, abstract)
    user = tmp_path / "mine.toml"
    user.write_text("[quantization]\npatterns = [ { re = 'tabular mixing', w = 4 } ]\n", encoding="utf-8")
    tax = load_taxonomy(user)
    assert tax.logits(title, abstract, tax.scores(title, abstract))["quantization"] < 0  # the model alone says no
    assert "quantization" in detect_families(title, abstract, tax)
    ex = tax.explain(title, abstract)
    assert ex["quantization"]["assigned"] and ex["quantization"]["logit"] < 0 and ex["quantization"]["own"] == 4.0
    weak = tmp_path / "weak.toml"  # below the threshold the model decides as before
    weak.write_text("[quantization]\npatterns = [ { re = 'tabular mixing', w = 1 } ]\n", encoding="utf-8")
    assert "quantization" not in detect_families(title, abstract, load_taxonomy(weak))


def test_user_rules_stack_across_files_and_reset_on_replace(tmp_path):
    """Each user file's patterns count as the user's; `replace = true` keeps only its own."""
    from claims.families import _merge, _read

    first, second, third = tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"
    first.write_text("[quantization]\npatterns = [ { re = 'tabular mixing', w = 4 } ]\n", encoding="utf-8")
    second.write_text("[quantization]\npatterns = [ { re = 'grid folding', w = 4 } ]\n", encoding="utf-8")
    third.write_text("[quantization]\nreplace = true\npatterns = [ { re = 'grid folding', w = 4 } ]\n",
                     encoding="utf-8")
    both = _merge(load_taxonomy(first), _read(second), str(second))
    default_rules = len(load_taxonomy().families["quantization"])
    assert both.user_rules["quantization"] == 2 and len(both.families["quantization"]) == default_rules + 2
    for abstract in ("We study tabular mixing in transformers.", "We study grid folding in transformers."):
        assert "quantization" in detect_families("Mixing Tables", abstract, both)
    replaced = _merge(load_taxonomy(first), _read(third), str(third))
    assert replaced.user_rules["quantization"] == 1 and len(replaced.families["quantization"]) == 1
    assert "quantization" not in detect_families("Mixing Tables", "We study tabular mixing in transformers.", replaced)
