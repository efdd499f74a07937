#!/usr/bin/python3
"""How the article and comment models' options were chosen, rerunnable:

    models/select-options.py --model article|comment --newssift BIN --data TASKS --work WORK
                             [--out FILE] NAME=OPTIONS ...

For each candidate: the union model (WORK/MODEL-{train,dev}.jsonl, as prepare.py writes
them) scored on each source task's *dev* split, and a model trained without each data set
scored on that data set's train + dev splits (sites and communities never seen, which is
what the sealed evaluation measures).  The criterion is the mean of the two means; no test
split is read.  Predictions are mapped to the task's labels as evaluate.py maps them.
Writes a Markdown table (stdout, or --out).
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from evaluate import macro_f1, mapped, predict, read, train  # noqa: E402
from prepare import ARTICLE_TASKS, COMMENT_MAP  # noqa: E402


def score(newssift, model, task, docs):
    pred = mapped(task, predict(newssift, model, docs))
    return macro_f1([d["label"] for d in docs], pred)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=("article", "comment"), required=True)
    ap.add_argument("--newssift", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out")
    ap.add_argument("candidates", nargs="+", metavar="NAME=OPTIONS")
    a = ap.parse_args()
    tasks = sorted(COMMENT_MAP) if a.model == "comment" else ARTICLE_TASKS
    short = [t.split("-", 1)[1] for t in tasks]
    rows = ["| candidate | options | " + " | ".join("dev " + s for s in short) + " | dev mean | "
            + " | ".join("held-out " + s for s in short) + " | held-out mean | criterion |",
            "|---|---|" + "---:|" * (2 * len(tasks) + 3)]
    best = None
    with tempfile.TemporaryDirectory() as tmp:
        for cand in a.candidates:
            name, opts = cand.split("=", 1)
            model = os.path.join(tmp, "union.nsm")
            train(a.newssift, os.path.join(a.work, a.model + "-train.jsonl"),
                  os.path.join(a.work, a.model + "-dev.jsonl"), opts, model)
            dev = [score(a.newssift, model, t, list(read(os.path.join(a.data, t, "dev.jsonl"))))
                   for t in tasks]
            held = []
            for t in tasks:
                train(a.newssift, os.path.join(a.work, "%s-without-%s-train.jsonl" % (a.model, t)),
                      os.path.join(a.work, "%s-without-%s-dev.jsonl" % (a.model, t)), opts, model)
                docs = [d for s in ("train", "dev") for d in read(os.path.join(a.data, t, s + ".jsonl"))]
                held.append(score(a.newssift, model, t, docs))
            md, mh = sum(dev) / len(dev), sum(held) / len(held)
            crit = (md + mh) / 2
            rows.append("| %s | `%s` | %s | %.4f | %s | %.4f | %.4f |" % (
                name, opts.replace("|", "\\|"), " | ".join("%.4f" % x for x in dev), md,
                " | ".join("%.4f" % x for x in held), mh, crit))
            print("%s: criterion %.4f" % (name, crit), file=sys.stderr, flush=True)
            if best is None or crit > best[1]:
                best = (name, crit)
    rows.append("")
    rows.append("Chosen: **%s** (criterion %.4f)." % best)
    text = "\n".join(rows) + "\n"
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
