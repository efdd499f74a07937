#!/usr/bin/python3
"""Generate a large article corpus for throughput measurements, recombined from real text.

    bench/corpus.py OUT.jsonl [--data TASKS_DIR] [--mb 100] [--seed 1]

The source text is every article of the `articles-*` tasks (train, dev and test; the
`-bysite` folders are the same articles and are skipped) and of
`news/articles/reference.jsonl` beside the tasks folder, deduplicated by text. Each article
is cut into paragraphs (its blank-line or line breaks; an article published as one block is
cut into runs of 2-5 sentences). A generated article:

- takes its length (UTF-8 bytes) from a real article drawn at random, so the length
  distribution follows the real one;
- takes its title from another real article;
- is filled with paragraphs of one to three randomly drawn donor articles, in shuffled
  order, and one paragraph in four has its sentences shuffled as well; filling stops at the
  drawn length.

So every word and sentence is real reporting (or real unreliable-site text), in new
combinations: no random words. The output is deterministic for a given seed and sources:
JSONL, `{"id": "gen-0000001", "title": ..., "text": ...}` a line, written through a temporary
name and renamed when complete. `corpus_stats()` returns the document count and the bytes
of title + "\n" + text (the bytes every throughput figure counts).
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys

_SENT = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"0-9])")
_PARA = re.compile(r"\n\s*\n|\n")


def _paragraphs(text, rnd):
    paras = [p.strip() for p in _PARA.split(text) if p.strip()]
    if len(paras) >= 3 or len(text) < 600:
        return paras
    # published as one block: group sentences into paragraphs of 2-5 sentences
    out = []
    for block in paras:
        sents = [s for s in _SENT.split(block) if s]
        i = 0
        while i < len(sents):
            k = rnd.randint(2, 5)
            out.append(" ".join(sents[i:i + k]))
            i += k
    return out


def source_files(tasks_dir):
    files = []
    if os.path.isdir(tasks_dir):
        for t in sorted(os.listdir(tasks_dir)):
            if t.startswith("articles-") and not t.endswith("-bysite"):
                for split in ("train", "dev", "test"):
                    p = os.path.join(tasks_dir, t, split + ".jsonl")
                    if os.path.isfile(p):
                        files.append(p)
    ref = os.path.join(os.path.dirname(os.path.abspath(tasks_dir)), "news", "articles", "reference.jsonl")
    if os.path.isfile(ref):
        files.append(ref)
    return files


def load_articles(files, seed):
    """-> list of (title, [paragraphs], length_bytes), deduplicated by text, in file order."""
    rnd = random.Random(seed * 7919 + 1)
    seen = set()
    arts = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                text = r.get("text") or ""
                h = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
                if h in seen or len(text) < 200:
                    continue
                seen.add(h)
                title = (r.get("title") or "").strip()
                paras = _paragraphs(text, rnd)
                if paras:
                    n = len((title + "\n" + text).encode("utf-8"))
                    arts.append((title, paras, n))
    return arts


def generate(out_path, tasks_dir, mb=100, seed=1):
    """Write the corpus; return {"docs", "bytes", "file_bytes", "sources", "source_articles", "seed"}."""
    files = source_files(tasks_dir)
    if not files:
        raise FileNotFoundError("no article sources under %s" % tasks_dir)
    arts = load_articles(files, seed)
    titles = [a[0] for a in arts if a[0]]
    rnd = random.Random(seed)
    target = int(mb * 1e6)
    tmp = out_path + ".tmp"
    docs = 0
    nbytes = 0
    fbytes = 0
    with open(tmp, "w", encoding="utf-8") as out:
        while nbytes < target:
            want = arts[rnd.randrange(len(arts))][2]
            title = titles[rnd.randrange(len(titles))] if titles else ""
            donors = [arts[rnd.randrange(len(arts))][1] for _ in range(rnd.randint(1, 3))]
            pool = [p for d in donors for p in d]
            rnd.shuffle(pool)
            body = []
            size = len(title.encode("utf-8")) + 1
            for p in pool:
                if rnd.random() < 0.25:
                    s = _SENT.split(p)
                    if len(s) > 1:
                        rnd.shuffle(s)
                        p = " ".join(s)
                body.append(p)
                size += len(p.encode("utf-8")) + 2
                if size >= want:
                    break
            text = "\n\n".join(body)
            docs += 1
            line = json.dumps({"id": "gen-%07d" % docs, "title": title, "text": text}, ensure_ascii=False)
            out.write(line)
            out.write("\n")
            nbytes += len((title + "\n" + text).encode("utf-8"))
            fbytes += len(line.encode("utf-8")) + 1
    os.replace(tmp, out_path)
    return {"docs": docs, "bytes": nbytes, "file_bytes": fbytes, "seed": seed, "mb_target": mb,
            "sources": [os.path.relpath(p, os.path.dirname(os.path.abspath(tasks_dir))) for p in files],
            "source_articles": len(arts)}


def corpus_stats(path):
    docs = 0
    nbytes = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                t = r.get("title") or ""
                s = (t + "\n" + r["text"]) if t else r["text"]
                docs += 1
                nbytes += len(s.encode("utf-8"))
    return docs, nbytes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "tasks"))
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    info = generate(a.out, a.data, a.mb, a.seed)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
