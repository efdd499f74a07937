#!/usr/bin/python3
"""Labelled site names for the source prior: models/prepare-domains.py SOURCES_DIR TASKS_DIR OUT_DIR

A domain is "unreliable" or "reliable" by these rules, in order (the first list that rates
it decides):
  Baly et al. (emnlp18, acl2020): fact low -> unreliable, high -> reliable (mixed: skipped)
  MBFC (hirschan): Objective Reporting 1-2 -> unreliable, 5-6 -> reliable (3-4, N/A: skipped)
  OpenSources: reliable -> reliable; fake, conspiracy, junksci, hate, satire, unreliable,
               bias, rumor, clickbait, state -> unreliable (political alone: skipped)
  article tasks' "source" domains: the label of at least 80% of the site's articles
Domains are lower-cased, without scheme, "www." and path.  Split by a hash of the domain
into train (80%), dev (10%) and test (10%), so a test domain was never seen.  The text of
each example is the domain itself.  Deterministic.
"""
import csv
import glob
import hashlib
import json
import os
import sys

BAD = {"fake", "fake news", "conspiracy", "junksci", "hate", "satire", "unreliable", "bias", "rumor",
       "clickbait", "state"}


def norm(d):
    d = d.strip().lower()
    for p in ("https://", "http://"):
        if d.startswith(p):
            d = d[len(p):]
    d = d.split("/")[0].split(":")[0]
    if d.startswith("www."):
        d = d[4:]
    return d if "." in d else None


def main():
    src, tasks, out = sys.argv[1:4]
    label = {}

    def put(d, l):
        d = norm(d) if d else None
        if d and d not in label:
            label[d] = l

    for f in sorted(glob.glob(os.path.join(src, "baly-news-media-reliability", "*", "corpus.tsv"))):
        for row in csv.DictReader(open(f, encoding="utf-8"), delimiter="\t"):
            if row["fact"] in ("low", "high"):
                put(row["source_url"], "unreliable" if row["fact"] == "low" else "reliable")
    for e in json.load(open(os.path.join(src, "mbfc-hirschan", "media_data.json"), encoding="utf-8")):
        v = e.get("Objective Reporting")
        if isinstance(v, int) and v in (1, 2, 5, 6):
            put(e.get("URL"), "unreliable" if v <= 2 else "reliable")
    for d, e in sorted(json.load(open(os.path.join(src, "opensources", "sources.json"), encoding="utf-8")).items()):
        tags = {str(e.get(k, "")).strip().lower() for k in ("type", "2nd type", "3rd type")} - {""}
        if "reliable" in tags:
            put(d, "reliable")
        elif tags & BAD:
            put(d, "unreliable")
    counts = {}
    for f in sorted(glob.glob(os.path.join(tasks, "articles-*", "*.jsonl"))):
        if "-bysite" in f:
            continue
        for line in open(f, encoding="utf-8"):
            doc = json.loads(line)
            d = norm(doc.get("source") or "")
            if d:
                c = counts.setdefault(d, {})
                c[doc["label"]] = c.get(doc["label"], 0) + 1
    for d in sorted(counts):
        top = max(counts[d], key=counts[d].get)
        if counts[d][top] >= 0.8 * sum(counts[d].values()):
            put(d, top)
    os.makedirs(out, exist_ok=True)
    files = {s: open(os.path.join(out, "domain-%s.jsonl" % s), "w", encoding="utf-8") for s in ("train", "dev", "test")}
    n = {"train": 0, "dev": 0, "test": 0}
    for d in sorted(label):
        h = int(hashlib.sha1(d.encode()).hexdigest(), 16) % 10
        s = "test" if h == 0 else "dev" if h == 1 else "train"
        files[s].write(json.dumps({"id": d, "text": d, "label": label[d]}) + "\n")
        n[s] += 1
    print("domains: %d train, %d dev, %d test" % (n["train"], n["dev"], n["test"]))


if __name__ == "__main__":
    main()
