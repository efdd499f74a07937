"""newssift.Model: predictions and explanations equal `newssift predict`'s."""

import json
import os

import pytest

import newssift
from conftest import EXAMPLE_MODEL, ROOT, cli

TRAIN = os.path.join(ROOT, "tests", "data", "example-train.jsonl")
HEADLINES = os.path.join(ROOT, "tests", "data", "example-headlines.txt")


def cli_predict(*args):
    return [json.loads(line) for line in cli("predict", "--model", *args).stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def model():
    with newssift.Model(EXAMPLE_MODEL) as m:
        yield m


def records():
    with open(TRAIN, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_labels_and_summary(model):
    assert model.labels == ["clickbait", "news"]
    assert isinstance(model.summary, dict) and model.summary
    info = cli("model", "info", EXAMPLE_MODEL).stdout.decode()
    assert model.describe() == info


def test_predict_records_equals_cli(model):
    assert model.predict(records()) == cli_predict(EXAMPLE_MODEL, TRAIN)


def test_predict_plain_texts_equals_cli(model):
    lines = open(HEADLINES, encoding="utf-8").read().splitlines()
    assert model.predict(lines) == cli_predict(EXAMPLE_MODEL, HEADLINES, "--format", "text")


@pytest.mark.parametrize("k", [1, 3])
def test_explain_equals_cli(model, k):
    got = model.predict(records(), explain=k)
    assert got == cli_predict(EXAMPLE_MODEL, TRAIN, "--explain", str(k))
    assert all(len(p["explain"]["for"]) <= k and len(p["explain"]["against"]) <= k for p in got)


def test_explain_spans_point_at_the_words(model):
    text = "You Won't Believe What This Dog Did Next"
    p = model.predict_one(text, explain=5)
    assert p["label"] == "clickbait" and abs(sum(p["probs"].values()) - 1) < 1e-5
    seen = 0
    for e in p["explain"]["for"] + p["explain"]["against"]:
        if e["feature"].startswith("style:"):
            continue
        for span in e["spans"]:
            # a word n-gram's spans cover its words; the feature is their normalised (case folded) form
            assert newssift.span_text(text, span).lower().split() == e["feature"].split()
            seen += 1
    assert seen > 0


def test_bundled_comment_model_explains_hate():
    m = newssift.Model(os.path.join(ROOT, "models", "comment.nsm"))
    doc = "Round Up all immigrants and Muslims and send them back"
    p = m.predict_one(doc, explain=3, id="c1")
    assert p["id"] == "c1" and p["label"] == "hate" and set(p["probs"]) == {"hate", "offensive", "ok"}
    # character n-grams: their spans are the words they came from
    assert any(newssift.span_text(doc, s) == "immigrants" for e in p["explain"]["for"] for s in e["spans"])
    want = json.loads(cli("predict", "--model", os.path.join(ROOT, "models", "comment.nsm"), "--explain", "3",
                          input=json.dumps({"id": "c1", "text": doc}).encode()).stdout)
    assert p == want


def test_predict_takes_a_list(model):
    with pytest.raises(TypeError):
        model.predict("one text")
    assert model.predict([]) == []
