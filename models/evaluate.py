#!/usr/bin/python3
"""The figures of models/MODELS.md: each bundled model in-set and on held-out data sets.

    models/evaluate.py --newssift BIN --data TASKS --work WORK --article-opts "..."
                       --comment-opts "..." --out FILE

In-set: the bundled model on each source task's test split (test documents whose url or
text is in the model's training data are left out, and counted).  Held out: a model
trained with the same options on every data set but one, tested on all of that one
(train + dev + test), which it never saw.  Comment predictions are mapped to each task's
labels (offensive -> ok on a hate/ok task, hate -> offensive on OLID).  Macro-F1 as the
peers compute it; a bootstrap 95% interval (1000 resamples, seed 1) where n < 500.
Peers' in-set figures come from ../shared/peers/results.json.
"""
import argparse
import hashlib
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from prepare import ARTICLE_TASKS, COMMENT_MAP, norm_text  # noqa: E402


def macro_f1(gold, pred):
    labels = sorted(set(gold) | set(pred))
    f = []
    for l in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == l and p == l)
        fp = sum(1 for g, p in zip(gold, pred) if g != l and p == l)
        fn = sum(1 for g, p in zip(gold, pred) if g == l and p != l)
        f.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f) / len(f) if f else 0.0


def ci(gold, pred):
    if len(gold) >= 500:
        return ""
    rng = random.Random(1)
    n, vals = len(gold), []
    for _ in range(1000):
        idx = [rng.randrange(n) for _ in range(n)]
        vals.append(macro_f1([gold[i] for i in idx], [pred[i] for i in idx]))
    vals.sort()
    return " [%.2f, %.2f]" % (vals[24], vals[974])


def read(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def predict(newssift, model, docs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "title": d.get("title"), "text": d["text"]}) + "\n")
    out = subprocess.run([newssift, "predict", "--model", model, f.name, "--threads", "2"],
                         capture_output=True, check=True).stdout.decode()
    os.unlink(f.name)
    return [json.loads(l)["label"] for l in out.splitlines()]


def peers(data):
    path = os.path.join(data, "..", "..", "peers", "results.json")
    best = {}
    try:
        for r in json.load(open(path))["results"]:
            if "test" in r:
                best.setdefault(r["task"], {})[r["peer"]] = r["test"]["macro_f1"]
    except OSError:
        pass
    return best


def train(newssift, train_file, dev_file, opts, out):
    subprocess.run([newssift, "train", train_file, "--dev", dev_file, "-o", out, "--threads", "1",
                    "--seed", "1"] + shlex.split(opts), check=True, capture_output=True)


def mapped(task, preds):
    m = {"comments-hateval": {"offensive": "ok"}, "comments-stormfront": {"offensive": "ok"},
         "comments-olid": {"hate": "offensive"}}.get(task, {})
    return [m.get(p, p) for p in preds]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newssift", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--article-opts", required=True)
    ap.add_argument("--comment-opts", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    best = peers(a.data)
    lines = []
    for name, tasks, opts in (("article", ARTICLE_TASKS, a.article_opts),
                              ("comment", sorted(COMMENT_MAP), a.comment_opts)):
        seen = set()
        for split in ("train", "dev"):
            for d in read(os.path.join(a.work, "%s-%s.jsonl" % (name, split))):
                seen.add(norm_text(d))
                if d.get("url"):
                    seen.add(d["url"])
        lines.append("### %s model, in-set (the bundled models/%s.nsm on each test split)\n" % (name, name))
        lines.append("| task | n | newssift macro-F1 | best peer (peers/results.json) | sklearn | fastText bigram | fastText autotune |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for t in tasks:
            test = [d for d in read(os.path.join(a.data, t, "test.jsonl"))
                    if norm_text(d) not in seen and d.get("url") not in seen]
            pred = predict(a.newssift, "models/%s.nsm" % name, test)
            if name == "comment":
                pred = mapped(t, pred)
            gold = [d["label"] for d in test]
            p = best.get(t, {})
            bp = max(p.values()) if p else float("nan")
            lines.append("| %s | %d | %.4f%s | %.4f | %s | %s | %s |" % (
                t, len(test), macro_f1(gold, pred), ci(gold, pred), bp,
                *("%.4f" % p[k] if k in p else "-" for k in ("sklearn-tfidf-lr", "fasttext-bigram", "fasttext-autotune"))))
        lines.append("")
        lines.append("### %s model, each data set held out (trained on the others, tested on all of it)\n" % name)
        lines.append("| held-out data set | n | macro-F1 | accuracy |")
        lines.append("|---|---:|---:|---:|")
        for t in tasks:
            model = os.path.join(a.work, "%s-without-%s.nsm" % (name, t))
            train(a.newssift, os.path.join(a.work, "%s-without-%s-train.jsonl" % (name, t)),
                  os.path.join(a.work, "%s-without-%s-dev.jsonl" % (name, t)), opts, model)
            docs = [d for s in ("train", "dev", "test") for d in read(os.path.join(a.data, t, s + ".jsonl"))]
            pred = predict(a.newssift, model, docs)
            if name == "comment":
                pred = mapped(t, pred)
            gold = [d["label"] for d in docs]
            acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
            lines.append("| %s | %d | %.4f%s | %.4f |" % (t, len(docs), macro_f1(gold, pred), ci(gold, pred), acc))
        lines.append("")
    lines.append("### headline, propaganda and domain models (test splits)\n")
    lines.append("| model | test set | n | newssift macro-F1 | best peer |")
    lines.append("|---|---|---:|---:|---:|")
    for name, path, task in (("headline", os.path.join(a.data, "headlines-clickbait", "test.jsonl"), "headlines-clickbait"),
                             ("propaganda", os.path.join(a.data, "sentences-propaganda", "test.jsonl"), "sentences-propaganda"),
                             ("domain", os.path.join(a.work, "domain-test.jsonl"), None)):
        docs = read(path)
        pred = predict(a.newssift, "models/%s.nsm" % name, docs)
        gold = [d["label"] for d in docs]
        p = best.get(task, {}) if task else {}
        lines.append("| %s | %s | %d | %.4f%s | %s |" % (name, task or "site names never seen in training", len(docs),
                     macro_f1(gold, pred), ci(gold, pred), "%.4f" % max(p.values()) if p else "-"))
    lines.append("")
    # The figures replace what stands between the markers of the output file.
    begin, end = "<!-- figures:begin (models/evaluate.py) -->", "<!-- figures:end -->"
    doc = open(a.out, encoding="utf-8").read() if os.path.exists(a.out) else begin + "\n" + end + "\n"
    head, rest = doc.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(head + begin + "\n\n" + "\n".join(lines) + "\n" + end + tail)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
