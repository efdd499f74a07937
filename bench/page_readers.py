#!/usr/bin/python3
"""How well the page readers recover generated pages, format by format and layout by layout.

    bench/page_readers.py [--newssift BIN] [--data ../shared/data] [--pages 200] [--seed 1]
                          [--work DIR] [--out FILE] [--show N]

Each page is a real article (the reference corpus and the article tasks' test splits) with
1-8 real comments (the comment tasks' test splits: tweets and forum posts with their @handles,
hashtags, "RT @user:" and emoji) by made-up authors.  It is written three ways: plain text, as
in ../shared/examples/syria-page.txt; JSON; and HTML, in one of eight news-site themes
(html_themes.py: navigation, bylines, captions, ads, teasers with summaries and promotions around
and among the paragraphs, from a clean theme to an old table layout) with the comments in one of
one of ten markups (comment_markups.py: WordPress's list, Disqus's embed, blocks with no class
names under a heading, a Bootstrap-style media list, Coral, Viafoura, OpenWeb, Commento, Drupal
and Discourse).  The text page is also written with a news site's furniture
around it (text_furniture.py: menus, breadcrumbs, bylines, ads, related stories, footer links).
The text page takes one of several comment layouts: the example's bulleted names (bullet, gap and
indent drawn at random, a long comment sometimes in two paragraphs), "Name says:", "Name ·
N hours ago", a name over its date under a "N Comments" heading, a social app's (name, text,
"2h", "Like", "Reply"), and the New York Times's (name, place, date).  The truth is known, so
for every page the script checks the title, the body paragraphs, the number of comments,
their authors and their texts (white space folded).

Paragraph figures are below 100% by nature: a few source articles carry captions, bylines or
teaser lines ("Read More") in their own text, which the readers rightly drop.  Some layouts
are ambiguous by construction (a single comment with no heading and no indentation reads as
the article's last paragraph).  Writes a Markdown report (stdout, or --out); --show N lists
the first N failures of each kind.  Deterministic for a seed.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

import comment_markups
import html_themes
import text_furniture

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARTICLE_TASKS = ("articles-fakenewsnet-v1", "articles-buzzfeed-webis", "articles-fakes-syria", "articles-horne2017")
COMMENT_TASKS = ("comments-davidson", "comments-hateval", "comments-olid", "comments-stormfront")
FIRST = ["John", "Mary", "Ahmed", "Li", "Carlos", "Olga", "Sam", "Priya", "Tom", "Grace", "Kwame", "Anna",
         "Dave", "Fatima", "Robert", "Linda"]
LAST = ["Smith", "C Carlton", "Walters", "Nguyen", "Garcia", "Kowalski", "O'Brien", "Patel", "Jones",
        "Müller", "Okafor", "Brown"]
LAYOUTS = ("bullets", "says", "dated", "heading", "app", "place")
PLACES = ["Portland, OR", "Leeds, UK", "NYC", "Austin, Texas", "Toronto, Canada"]
CHECKS = ("title", "paragraphs", "comment count", "authors", "comment texts")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fold(s):
    return " ".join(s.split())


def author(rng):
    r = rng.random()
    if r < 0.6:
        return rng.choice(FIRST) + " " + rng.choice(LAST)
    if r < 0.8:
        return rng.choice(FIRST).lower() + str(rng.randint(1, 999))
    return rng.choice(FIRST)


def text_comments(rng, comments, layout):
    """The comment section of a text page in one of LAYOUTS."""
    t = ""
    n = len(comments)
    if layout == "bullets":
        bullet = rng.choice(["\u2022", "*", "-", "\u00b7", "\u2022"])
        gap = rng.choice(["\n\n", "\n"])
        indent = rng.choice(["    ", "    ", "  ", ""])
        for name, text in comments:
            words = text.split()
            if len(words) > 16 and rng.random() < 0.3:
                k = len(words) // 2
                text = " ".join(words[:k]) + "\n\n" + indent + " ".join(words[k:])
            t += "  " + bullet + " " + name + gap + indent + text + "\n\n"
        return t
    if layout in ("heading", "place") or (layout != "app" and rng.random() < 0.5):
        t += rng.choice(["%d Comments", "Comments (%d)", "%d comments", "%d Responses"]) % n + "\n\n"
    for k, (name, text) in enumerate(comments):
        if layout == "app":  # a social app's: the time and buttons after the text
            t += name + "\n" + text + "\n%dh\nLike\nReply\n%s\n\n" % (k + 1, rng.choice(["", "3", "12"]))
        elif layout == "place":  # the New York Times's: name, place, date
            t += name + "\n" + rng.choice(PLACES) + "\nAug. %d\n\n" % (k + 1) + text + "\n\nReply\n%d Recommend\n\n" % k
        elif layout == "says":
            t += name + " says:\n" + rng.choice(["June 5, 2017 at 10:%02d am\n" % k, ""]) + text + "\n\nReply\n\n"
        elif layout == "dated":
            t += name + " \u00b7 %d hours ago\n" % (k + 1) + text + "\n\n"
        else:
            t += name + "\n%d hours ago\n\n" % (k + 1) + text + "\n\nReply\nShare\n\n"
    return t


def generate(data, n, seed, work):
    rng = random.Random(seed)
    arts = read_jsonl(os.path.join(data, "news", "articles", "reference.jsonl"))
    for t in ARTICLE_TASKS:
        path = os.path.join(data, "tasks", t, "test.jsonl")
        if os.path.isfile(path):
            arts += read_jsonl(path)
    arts = [a for a in arts if (a.get("title") or "").strip() and len(a.get("text") or "") > 400]
    said = [fold(d["text"]) for t in COMMENT_TASKS
            for d in read_jsonl(os.path.join(data, "tasks", t, "test.jsonl"))]
    # the HTML themes and the text page's site furniture are drawn apart, so that the plain text
    # and JSON pages of a seed stay what they were before there were themes
    trng = random.Random(seed * 1000003 + 17)
    frng = random.Random(seed * 1000003 + 29)
    others = [(" ".join(a["title"].split()), " ".join(a["text"].split())[:200]) for a in arts]
    pages = []
    for i in range(n):
        a = rng.choice(arts)
        title = " ".join(a["title"].split())
        paras = [p.strip() for p in a["text"].split("\n") if p.strip()][:12]
        comments = [(author(rng), rng.choice(said)) for _ in range(rng.randint(1, 8))]
        layout = rng.choice(LAYOUTS)
        hlayout = rng.choice(comment_markups.FIRST)
        base = os.path.join(work, "p%d" % i)
        section = text_comments(rng, comments, layout)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "\n\n".join(paras) + "\n\n" + section)
        with open(base + ".site.txt", "w", encoding="utf-8") as f:
            f.write(text_furniture.wrap(frng, title, paras, section, [h for h, _ in frng.sample(others, 6)]))
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"url": "https://daily.example/%d" % i, "title": title, "text": "\n\n".join(paras),
                       "comments": [{"author": x, "text": y} for x, y in comments]}, f)
        theme = trng.choice(sorted(html_themes.THEMES))
        # half the pages take one of the comment systems added later, drawn apart as the themes
        if trng.random() < 0.5:
            hlayout = trng.choice(comment_markups.LATER)
        with open(base + ".html", "w", encoding="utf-8") as f:
            f.write(html_themes.THEMES[theme](trng, title, paras, comment_markups.MARKUPS[hlayout](comments),
                                              trng.sample(others, 10)))
        pages.append({"base": base, "title": title, "paras": paras, "comments": comments, "layout": layout,
                      "html_layout": hlayout, "theme": theme})
    return pages


def check(newssift, page, fmt):
    """The failed checks of one page in one format, each with what was read."""
    path = page["base"] + "." + fmt
    p = subprocess.run([newssift, "analyze", path, "--output", "json"], capture_output=True)
    if p.returncode:
        return {c: p.stderr.decode(errors="replace").strip() for c in CHECKS}
    r = json.loads(p.stdout)
    t = r["page"]["text"].encode()
    got_paras = [fold(t[a:b].decode()) for a, b in r["page"]["paragraphs"]]
    got = [(c.get("author"), fold(t[c["span"][0]:c["span"][1]].decode())) for c in r["comments"]]
    want = [(x, fold(y)) for x, y in page["comments"]]
    failed = {}
    if fold(r["page"].get("title") or "") != page["title"]:
        failed["title"] = r["page"].get("title")
    if got_paras != [fold(x) for x in page["paras"]]:
        failed["paragraphs"] = "%d read, %d written" % (len(got_paras), len(page["paras"]))
    if len(got) != len(want):
        failed["comment count"] = "%d read, %d written" % (len(got), len(want))
        failed["authors"] = failed["comment texts"] = "(count differs)"
    else:
        if [g[0] for g in got] != [w[0] for w in want]:
            failed["authors"] = [g[0] for g in got]
        if [g[1] for g in got] != [w[1] for w in want]:
            failed["comment texts"] = [g[1][:40] for g, w in zip(got, want) if g[1] != w[1]][:2]
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newssift", default=os.path.join(ROOT, "build", "newssift"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", help="where the pages are written (default: a temporary folder)")
    ap.add_argument("--out")
    ap.add_argument("--show", type=int, default=0, help="list the first N failures of each kind")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.data, "tasks")):
        print("page_readers: no data at %s; nothing measured" % a.data)
        return 0
    tmp = None
    if not a.work:
        tmp = tempfile.TemporaryDirectory()
        a.work = tmp.name
    os.makedirs(a.work, exist_ok=True)
    pages = generate(a.data, a.pages, a.seed, a.work)
    right = collections.Counter()
    total = collections.Counter()
    shown = collections.defaultdict(list)
    for page in pages:
        for fmt in ("txt", "site.txt", "json", "html"):
            failed = check(a.newssift, page, fmt)
            keys = [(fmt, {"txt": page["layout"], "site.txt": page["layout"],
                           "html": "theme " + page.get("theme", "")}.get(fmt, "-"))]
            if fmt == "html":
                keys.append(("html", "comments " + page["html_layout"]))
            for key in keys:
                total[key] += 1
                for c in CHECKS:
                    right[key + (c,)] += c not in failed
                right[key + ("all",)] += not failed
            for c in failed:
                if a.show and len(shown[(fmt, c)]) < a.show:
                    shown[(fmt, c)].append("%s.%s (%s): %s" % (page["base"], fmt, keys[0][1], failed[c]))
    lines = ["| format | layout | pages | " + " | ".join(CHECKS) + " | all right |",
             "|---|---|---:|" + "---:|" * (len(CHECKS) + 1)]
    for key in sorted(total):
        n = total[key]
        lines.append("| %s | %s | %d | " % (key[0], key[1], n) +
                     " | ".join("%.1f%%" % (100.0 * right[key + (c,)] / n) for c in CHECKS + ("all",)) + " |")
    text = ("Page readers on %d generated pages (seed %d), each written four ways: text (`txt`), the same text "
            "with a news site's furniture around it (`site.txt`, text_furniture.py), JSON and HTML; the HTML pages "
            "are counted twice, by site theme and by comment markup:\n\n" % (len(pages), a.seed) + "\n".join(lines) + "\n")
    for (fmt, c), ex in sorted(shown.items()):
        text += "\n%s, %s:\n" % (fmt, c) + "".join("- %s\n" % e for e in ex)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
