#!/usr/bin/python3
"""Builds the training files of the bundled models from ../shared/data/tasks.

    models/prepare.py DATA_DIR OUT_DIR

Deterministic (no randomness; input order kept).  Writes OUT_DIR/<model>-{train,dev}.jsonl
and, for the held-out measurements, OUT_DIR/<model>-without-<task>-{train,dev}.jsonl.

article:    the union of the articles-* tasks (not the -bysite copies), duplicates dropped
            by url and by text across tasks (first occurrence wins, train before dev
            before test, so nothing of a test split leaks into training).
comment:    the union of the comments-* tasks with each task's label mapped to the set of
            model labels it allows (partial labels, '|' separated):
              davidson   hate -> hate, offensive -> offensive, ok -> ok
              hateval    hate -> hate, ok -> offensive|ok   (HatEval's "ok" includes offensive)
              olid       offensive -> hate|offensive (OLID's "offensive" includes hate), ok -> ok
              stormfront hate -> hate, ok -> offensive|ok
headline:   headlines-clickbait as it is.
propaganda: sentences-propaganda as it is.
"""
import hashlib
import json
import os
import sys

ARTICLE_TASKS = ["articles-buzzfeed-webis", "articles-fakenewsnet-v1", "articles-fakes-syria",
                 "articles-horne2017"]
COMMENT_MAP = {
    "comments-davidson": {"hate": "hate", "offensive": "offensive", "ok": "ok"},
    "comments-hateval": {"hate": "hate", "ok": "offensive|ok"},
    "comments-olid": {"offensive": "hate|offensive", "ok": "ok"},
    "comments-stormfront": {"hate": "hate", "ok": "offensive|ok"},
}


def read(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def norm_text(d):
    t = (d.get("title") or "") + "\n" + d["text"]
    return hashlib.sha1(" ".join(t.lower().split()).encode()).hexdigest()


def write(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def union(data, tasks, label_map=None):
    """Returns {split: [docs]} over tasks, deduplicated by url and text.  Each doc
    gets "task" so held-out sets can be cut from it."""
    seen_url, seen_text = set(), set()
    out = {"train": [], "dev": [], "test": []}
    for split in ("train", "dev", "test"):
        for task in tasks:
            for d in read(os.path.join(data, task, split + ".jsonl")):
                url, h = d.get("url"), norm_text(d)
                if (url and url in seen_url) or h in seen_text:
                    continue
                if url:
                    seen_url.add(url)
                seen_text.add(h)
                label = label_map[task][d["label"]] if label_map else d["label"]
                doc = {"id": d["id"], "text": d["text"], "label": label, "task": task}
                if d.get("title"):
                    doc["title"] = d["title"]
                out[split].append(doc)
    return out


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, tasks, lmap in (("article", ARTICLE_TASKS, None),
                              ("comment", sorted(COMMENT_MAP), COMMENT_MAP)):
        u = union(data, tasks, lmap)
        for split in ("train", "dev"):
            write(os.path.join(out, "%s-%s.jsonl" % (name, split)), u[split])
        for held in tasks:  # train on all but one data set, test on it
            for split in ("train", "dev"):
                write(os.path.join(out, "%s-without-%s-%s.jsonl" % (name, held, split)),
                      [d for d in u[split] if d["task"] != held])
        print("%s: %d train, %d dev (after dropping duplicates)" % (name, len(u["train"]), len(u["dev"])))


if __name__ == "__main__":
    main()
