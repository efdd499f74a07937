#!/usr/bin/python3
"""Fits the trust combiner on held-out article data and writes models/combiner.json.

    models/fit-combiner.py NEWSSIFT MODELS_DIR DEV.jsonl OUT.json

DEV.jsonl: labelled articles (unreliable / reliable) that the article model did not
train on (the article dev split from models/prepare.py; the article model used it only
for early stopping and calibration).  Each article becomes a JSON page; `newssift analyze`
scores its signals; a logistic regression (scikit-learn, C=1, balanced classes) on
x_i = logit(score_i) - mean_i predicts "unreliable".  Only the signals an article page
has (content, headline, sourcing) are fitted; source, comments and trace keep the
weights set by rule in docs/trust-score.md.  Deterministic.
"""
import json
import math
import subprocess
import sys

from sklearn.linear_model import LogisticRegression

FITTED = ["content", "headline", "sourcing"]
RULE = {"source": 1.0, "comments": 0.2, "trace": 0.5}


def logit(p):
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def main():
    newssift, models, dev, out = sys.argv[1:5]
    docs = [json.loads(l) for l in open(dev, encoding="utf-8") if l.strip()]
    pages = "".join(json.dumps({"title": d.get("title"), "text": d["text"]}) + "\n" for d in docs)
    res = subprocess.run([newssift, "analyze", "--format", "jsonl", "--models", models, "--threads", "1"],
                         input=pages.encode(), capture_output=True, check=True)
    reports = [json.loads(l) for l in res.stdout.decode().splitlines()]
    X, y = [], []
    for d, r in zip(docs, reports):
        sig = {s["name"]: s["score"] for s in r["signals"]}
        X.append([logit(sig[n]) if sig[n] is not None else None for n in FITTED])
        y.append(1 if d["label"] == "unreliable" else 0)
    means = []
    for j in range(len(FITTED)):
        vals = [x[j] for x in X if x[j] is not None]
        means.append(sum(vals) / len(vals) if vals else 0.0)
    Xc = [[(x[j] if x[j] is not None else means[j]) - means[j] for j in range(len(FITTED))] for x in X]
    lr = LogisticRegression(C=1.0, class_weight="balanced").fit(Xc, y)
    acc = lr.score(Xc, y)
    comb = {
        "bias": float(lr.intercept_[0]),
        "weights": dict({n: float(w) for n, w in zip(FITTED, lr.coef_[0])}, **RULE),
        "means": dict({n: m for n, m in zip(FITTED, means)}, **{k: 0.0 for k in RULE}),
        "reliable_at": 65,
        "unreliable_below": 40,
        "fitted_on": {"file": dev.split("/")[-1], "documents": len(docs), "accuracy": round(acc, 4)},
    }
    with open(out, "w") as f:
        json.dump(comb, f, indent=1, sort_keys=True)
        f.write("\n")
    print("combiner: %d documents, training accuracy %.3f, weights %s" % (len(docs), acc, comb["weights"]))


if __name__ == "__main__":
    main()
