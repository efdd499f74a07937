#!/usr/bin/python3
"""Generators for the trace (provenance) benchmark, from real text only.

    bench/trace_gen.py quality OUTDIR [--data DATA_DIR] [--seed 1] [--per-level 300] [--unrelated 1000]
    bench/trace_gen.py scale OUT.jsonl [--data DATA_DIR] [--seed 1] [--articles 1000000]

DATA_DIR is ../shared/data (it holds news/articles/reference.jsonl and tasks/). Everything
is deterministic for a given seed and data: no set or dict iteration order and no Python
hash() reaches the output.

quality: splits reference.jsonl by sha256(id) into an indexed set (about 80%) and a
never-indexed set, and writes
  OUTDIR/index.jsonl   the indexed articles (id, url, title, text, date) for `trace add`;
  OUTDIR/pages.jsonl   one JSON page a line ({"title", "text"}): first the copies, then the
                       unrelated pages (never-indexed articles as pages);
  OUTDIR/truth.jsonl   the ground truth, one line per page, same order;
  OUTDIR/meta.json     the counts and what was left out and why.
A copy page takes LEVEL (10, 20, 30, 50, 70, 100%) of one indexed source's sentences, as a
contiguous run that starts at one of its paragraph starts, keeping its paragraphs; then
  - words are changed in 60% of the copied sentences: one word in ten (at least
    one) is replaced by a word that real text uses in the same context (a word seen between
    the same left and right neighbours somewhere in the reference corpus, e.g. "officials
    said on" -> "officials told on"), or deleted when no such word exists;
  - sentences are reordered (two adjacent sentences swapped in a third of the paragraphs,
    and two paragraphs swapped in a third of the pages);
  - 1-5 spin sentences are added: real sentences of the `unreliable` articles of the
    `articles-*` tasks, none of which shares a word 8-gram with any reference article (so
    none comes from a source), as a lead paragraph, a closing paragraph, or inside a copied
    paragraph between two sentences.
  Sentences are cut by a regular expression; inside a page sentence white space runs are
  single spaces, and paragraphs hold no line breaks, so the JSON reader's canonical text is
  exactly title + "\\n\\n" + paragraphs joined by "\\n\\n" and every ground-truth span is a
  byte offset into it (the bench checks the reader's paragraph spans against them).
Sources must have at least MIN_SOURCE_SENTENCES sentences (so 10% is at least one) and no
near-duplicate in the indexed set (no other indexed article holding 30% or more of its
sampled word 8-grams), so that recall@1 has one right answer. Unrelated pages are
never-indexed articles that share less than 5% of their word 8-grams (all of them), and
fewer than three of them, with every indexed article: the others hold real copied text
(a shared paragraph, a boilerplate line of ten words or more) and are counted in
meta.json, not used as "unrelated".

scale: N articles a line (id, url, title, text, date): first the real reference articles,
then generated ones. A generated article strings together runs of 1-6 consecutive sentences,
each run from a reference article of the same origin (so the topic holds), until it has as
many sentences as a real article drawn at random (so lengths follow the real ones); a third
of its sentences are changed as above (each from one of two fixed edited forms); paragraphs
of 1-4 sentences; the title of another article of that origin. So at 1,000,000 articles
each of the 141,000 reference sentences also occurs in about a hundred generated articles
(stats: generated_sentences / reference_sentences), a third of the time edited: candidate
search meets realistic shared wire text, and no generated article is a near-copy of one
reference article.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys
import zlib

LEVELS = [10, 20, 30, 50, 70, 100]
MIN_SOURCE_SENTENCES = 10
INDEXED_SHARE = 0.8
SHINGLE = 8
SAMPLE_MOD = 4          # 8-grams whose crc32 % SAMPLE_MOD == 0 are sampled for the overlap checks
NEARDUP_SOURCE = 0.30   # an indexed article holding this share of a source's sampled 8-grams
UNRELATED_MAX = 0.05    # an unrelated article shares less than this share of its 8-grams
UNRELATED_MAX_GRAMS = 3  # and fewer 8-grams than this (a 10-word run) with every indexed article
EDIT_SENTENCE_P = 0.6
EDIT_EVERY = 10

_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Capt|Prof|Inc|Corp|Co|Ltd|vs|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Mt|Ft|Rev|Sgt|Adm|Maj|approx)"
                     r"|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$")
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"\w+")


# ----------------------------------------------------------------------------- text units

def sentences(block):
    """Sentences of one block of text, white space collapsed; a regular-expression cut that
    does not split after common abbreviations (Mr., U.S., Jan.)."""
    block = _WS.sub(" ", block).strip()
    out, start = [], 0
    for m in _END.finditer(block):
        before = block[start:m.start()]
        if m.group(0) == "." and _ABBREV.search(before):
            continue
        s = block[start:m.end()].strip()
        if s:
            out.append(s)
        start = m.end()
    s = block[start:].strip()
    if s:
        out.append(s)
    return out


def paragraphs(text):
    """Blocks between blank lines (lines when there is no blank line), each a list of
    sentences; a block of more than 8 sentences (an article published as one block) is cut
    into paragraphs of 3-5 sentences, always the same way for the same text."""
    text = (text or "").replace("\r", "")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) <= 1:
        blocks = [b for b in text.split("\n") if b.strip()]
    rnd = random.Random(zlib.crc32(text.encode("utf-8")))
    out = []
    for b in blocks:
        ss = sentences(b)
        if len(ss) <= 8:
            if ss:
                out.append(ss)
            continue
        i = 0
        while i < len(ss):
            k = rnd.randint(3, 5)
            out.append(ss[i:i + k])
            i += k
    return out


def shingles(text, sample=True):
    """Hashes of word 8-grams (lower-cased \\w+ tokens); with sample, only those with
    crc32 % SAMPLE_MOD == 0 (a fixed sample, the same in every text)."""
    toks = [t.lower() for t in _TOKEN.findall(text or "")]
    out = set()
    for i in range(len(toks) - SHINGLE + 1):
        h = zlib.crc32(" ".join(toks[i:i + SHINGLE]).encode("utf-8"))
        if not sample or h % SAMPLE_MOD == 0:
            out.add(h)
    return out


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sha_unit(s):
    return int(hashlib.sha256(s.encode("utf-8")).hexdigest()[:12], 16) / float(1 << 48)


# ----------------------------------------------------------------------------- word changes

class Contexts:
    """Words seen between the same left and right neighbours in real text: the candidates
    for a synonym-ish substitution. Keys are lower-cased (left, right); values keep up to
    eight distinct middle words in corpus order."""

    def __init__(self, texts):
        self.vocab = {}
        self.table = {}
        for text in texts:
            for block in re.split(r"\n\s*\n|\n", text or ""):
                words = _WORD.findall(block)
                ids = [self._id(w.lower()) for w in words]
                for i in range(1, len(words) - 1):
                    key = (ids[i - 1] << 24) | ids[i + 1]
                    mids = self.table.get(key)
                    w = words[i]
                    if mids is None:
                        self.table[key] = w
                    elif isinstance(mids, str):
                        if mids.lower() != w.lower():
                            self.table[key] = [mids, w]
                    elif len(mids) < 8 and all(m.lower() != w.lower() for m in mids):
                        mids.append(w)

    def _id(self, w):
        i = self.vocab.get(w)
        if i is None:
            i = self.vocab[w] = len(self.vocab) + 1
        return i

    def alternatives(self, left, word, right):
        a, b = self.vocab.get(left.lower()), self.vocab.get(right.lower())
        if a is None or b is None:
            return []
        mids = self.table.get((a << 24) | b)
        if mids is None or isinstance(mids, str):
            return []
        lw = word.lower()
        out = []
        for m in mids:
            if m.lower() == lw or len(m) < 2:
                continue
            if word[0].isupper() and not m[0].isupper():
                m = m[0].upper() + m[1:]
            elif word[0].islower() and m[0].isupper() and not m.isupper():
                continue    # a proper name in place of a common word reads wrong
            out.append(m)
        return out


def edit_sentence(s, ctx, rnd, n_edits):
    """Changes n_edits words of s; returns (new sentence, [[start, end)] of the changed words
    in it (a deletion marks the word before the gap, empty when none), n changed)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(s)]
    if len(words) < 4:
        return s, [], 0
    positions = list(range(1, len(words) - 1))
    rnd.shuffle(positions)
    chosen = []
    for i in positions:
        if len(chosen) >= n_edits:
            break
        if any(abs(i - j) < 2 for j, _ in chosen):
            continue
        w = s[words[i][0]:words[i][1]]
        if len(w) < 3:
            continue
        alts = ctx.alternatives(s[words[i - 1][0]:words[i - 1][1]], w, s[words[i + 1][0]:words[i + 1][1]])
        chosen.append((i, rnd.choice(alts) if alts else None))
    chosen.sort()
    out, changes, pos, shift = [], [], 0, 0
    for i, rep in chosen:
        a, b = words[i]
        if rep is None:         # delete the word and the space before it
            a2 = a - 1 if a > 0 and s[a - 1] == " " else a
            out.append(s[pos:a2])
            shift += len(s[pos:a2].encode("utf-8"))
            changes.append([shift, shift])
            pos = b
        else:
            out.append(s[pos:a])
            shift += len(s[pos:a].encode("utf-8"))
            out.append(rep)
            rb = len(rep.encode("utf-8"))
            changes.append([shift, shift + rb])
            shift += rb
            pos = b
    out.append(s[pos:])
    return "".join(out), changes, len(chosen)


# ----------------------------------------------------------------------------- data

def task_articles(data_dir, label):
    """Articles of the article tasks with this label, deduplicated by id, in a fixed order."""
    tdir = os.path.join(data_dir, "tasks")
    seen, out = set(), []
    for t in sorted(os.listdir(tdir)):
        if not t.startswith("articles-") or t.endswith("-bysite"):
            continue
        for split in ("train", "dev", "test"):
            p = os.path.join(tdir, t, split + ".jsonl")
            if not os.path.isfile(p):
                continue
            for r in read_jsonl(p):
                if (label is None or r.get("label") == label) and r["id"] not in seen:
                    seen.add(r["id"])
                    r["_task"] = t
                    out.append(r)
    return out


def spin_pool(data_dir, reference):
    """Real sentences of unreliable articles that share no word 8-gram with any reference
    article and occur in only one unreliable article: [(sentence, article id)]."""
    cands, count = [], {}
    for r in task_articles(data_dir, "unreliable"):
        for para in paragraphs(r.get("text")):
            for s in para:
                b = len(s.encode("utf-8"))
                nw = len(_WORD.findall(s))
                if not (50 <= b <= 300 and 7 <= nw <= 50):
                    continue
                if not re.match(r"[\"\u201c]?[A-Z]", s) or not re.search(r"[.!?][\"\u201d\u2019]?$", s):
                    continue
                if "http" in s or "@" in s or sum(c.isalpha() for c in s) < 0.7 * len(s):
                    continue
                key = " ".join(_TOKEN.findall(s.lower()))
                count[key] = count.get(key, 0) + 1
                cands.append((s, r["id"], key))
    grams = {}
    for k, (s, _, _) in enumerate(cands):
        for h in shingles(s, sample=False):
            grams.setdefault(h, []).append(k)
    bad = set()
    for r in reference:
        for h in shingles((r.get("title") or "") + "\n" + (r.get("text") or ""), sample=False):
            if h in grams:
                bad.update(grams[h])
    seen, out = set(), []
    for k, (s, aid, key) in enumerate(cands):
        if k in bad or count[key] > 1 or key in seen:
            continue
        seen.add(key)
        out.append((s, aid))
    return out


class Overlap:
    """Sampled word 8-gram postings of the indexed articles: share of a text's sampled
    8-grams found in each indexed article, an independent check of real overlap."""

    def __init__(self, articles):
        self.post = {}
        for k, r in enumerate(articles):
            for h in shingles(r["text"]):
                self.post.setdefault(h, []).append(k)

    def best(self, text, exclude=None):
        """-> [(share, article index)] over articles sharing any sampled 8-gram, best first."""
        sh = shingles(text)
        if not sh:
            return []
        hits = {}
        for h in sh:
            for k in self.post.get(h, ()):
                if k != exclude:
                    hits[k] = hits.get(k, 0) + 1
        return sorted(((v / len(sh), k) for k, v in hits.items()), key=lambda x: (-x[0], x[1]))


def max_shared(texts_of, against):
    """For each article of texts_of, (the largest share of its word 8-grams, the largest
    number of its 8-grams) found in any one article of `against`; all 8-grams, not a
    sample, since paraphrased copies and shared boilerplate leave only a few."""
    post, sizes = {}, []
    for k, r in enumerate(texts_of):
        sh = shingles(r["text"], sample=False)
        sizes.append(len(sh))
        for h in sh:
            post.setdefault(h, []).append(k)
    share, count = [0.0] * len(texts_of), [0] * len(texts_of)
    for r in against:
        hits = {}
        for h in shingles(r["text"], sample=False):
            for k in post.get(h, ()):
                hits[k] = hits.get(k, 0) + 1
        for k, v in hits.items():
            share[k] = max(share[k], v / sizes[k])
            count[k] = max(count[k], v)
    return list(zip(share, count))


# ----------------------------------------------------------------------------- pages

class PageBuilder:
    """Assembles a JSON page's canonical text and the byte spans of its sentences."""

    def __init__(self, title):
        self.title = title
        self.paras = []     # list of lists of sentence records

    def page(self):
        parts = [self.title]
        text_paras = []
        for p in self.paras:
            text_paras.append(" ".join(x["text"] for x in p))
        pos = len(self.title.encode("utf-8")) + 2
        body_start = pos
        sents, pspans = [], []
        for p, ptext in zip(self.paras, text_paras):
            start = pos
            for j, x in enumerate(p):
                if j:
                    pos += 1
                b = len(x["text"].encode("utf-8"))
                rec = {k: v for k, v in x.items() if k != "text"}
                rec["span"] = [pos, pos + b]
                rec["words"] = sum(1 for w in x["text"].split() if any(c.isalnum() for c in w))
                if "changes" in rec:
                    rec["changes"] = [[pos + a, pos + e] for a, e in rec["changes"]]
                sents.append(rec)
                pos += b
            pspans.append([start, pos])
            pos += 2
        parts += text_paras
        canonical = "\n\n".join(parts)
        assert len(canonical.encode("utf-8")) == pos - 2
        return {"title": self.title, "text": "\n\n".join(text_paras)}, {
            "body_start": body_start, "paragraphs": pspans, "sentences": sents,
            "text_bytes": pos - 2}


def copy_page(src_paras, level, ctx, spins, title, rnd):
    flat = [(pi, s) for pi, p in enumerate(src_paras) for s in p]
    n = len(flat)
    k = max(1, int(round(n * level / 100.0)))
    starts = [i for i in range(n) if i == 0 or flat[i][0] != flat[i - 1][0]]
    ok = [i for i in starts if i + k <= n]
    start = rnd.choice(ok) if ok else n - k
    taken = flat[start:start + k]
    paras, cur, last = [], None, None
    edited_words, total_words = 0, 0
    for off, (pi, s) in enumerate(taken):
        if pi != last:
            cur = []
            paras.append(cur)
            last = pi
        rec = {"text": s, "kind": "copied", "source_sentence": start + off}
        nw = len(_WORD.findall(s))
        total_words += nw
        if rnd.random() < EDIT_SENTENCE_P:
            t, ch, ne = edit_sentence(s, ctx, rnd, max(1, nw // EDIT_EVERY))
            if ne:
                rec["text"], rec["changes"] = t, ch
                edited_words += ne
        rec["exact"] = "changes" not in rec
        cur.append(rec)
    for p in paras:
        if len(p) >= 2 and rnd.random() < 1 / 3.0:
            i = rnd.randrange(len(p) - 1)
            p[i], p[i + 1] = p[i + 1], p[i]
    if len(paras) >= 2 and rnd.random() < 1 / 3.0:
        i = rnd.randrange(len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    n_spin = rnd.randint(1, 5)
    spin = [{"text": s, "kind": "added", "from": aid} for s, aid in rnd.sample(spins, n_spin)]
    lead, tail = [], []
    for x in spin:
        r = rnd.random()
        if r < 0.35:
            lead.append(x)
        elif r < 0.6:
            tail.append(x)
        else:
            p = rnd.choice(paras)
            p.insert(rnd.randint(0, len(p)), x)
    if lead:
        paras.insert(0, lead)
    if tail:
        paras.append(tail)
    b = PageBuilder(title)
    b.paras = paras
    copied_src = sum(len(s.encode("utf-8")) for _, s in taken)
    src_bytes = sum(len(s.encode("utf-8")) for _, s in flat)
    page, truth = b.page()
    truth.update({"level": level, "source_sentences": n, "copied_sentences": k,
                  "source_share": copied_src / src_bytes, "changed_words": edited_words,
                  "copied_words": total_words, "added_sentences": n_spin})
    return page, truth


def article_page(r):
    b = PageBuilder(_WS.sub(" ", r.get("title") or "").strip() or "Untitled")
    b.paras = [[{"text": s, "kind": "unrelated"} for s in p] for p in paragraphs(r.get("text"))]
    return b.page()


def gen_quality(data_dir, out_dir, seed, per_level, n_unrelated):
    ref_path = os.path.join(data_dir, "news", "articles", "reference.jsonl")
    reference = read_jsonl(ref_path)
    reference = [r for r in reference if (r.get("text") or "").strip()]
    indexed = [r for r in reference if sha_unit("%d:%s" % (seed, r["id"])) < INDEXED_SHARE]
    others = [r for r in reference if sha_unit("%d:%s" % (seed, r["id"])) >= INDEXED_SHARE]
    meta = {"seed": seed, "reference": len(reference), "indexed": len(indexed), "not_indexed": len(others),
            "levels": LEVELS, "per_level": per_level}
    progress("trace_gen: overlap postings")
    ov = Overlap(indexed)
    ctx = Contexts([r.get("text") for r in reference] + [r.get("text") for r in task_articles(data_dir, None)])
    progress("trace_gen: spin pool")
    spins = spin_pool(data_dir, reference)
    meta["spin_pool"] = len(spins)
    titles = [r["title"] for r in task_articles(data_dir, "unreliable") if (r.get("title") or "").strip()]

    eligible, short, dup = [], 0, 0
    for k, r in enumerate(indexed):
        ps = paragraphs(r["text"])
        if sum(len(p) for p in ps) < MIN_SOURCE_SENTENCES:
            short += 1
            continue
        best = ov.best(r["text"], exclude=k)
        if best and best[0][0] >= NEARDUP_SOURCE:
            dup += 1
            continue
        eligible.append((r, ps))
    meta.update({"eligible_sources": len(eligible), "sources_too_short": short,
                 "sources_with_indexed_near_duplicate": dup})
    rnd = random.Random(seed)
    need = per_level * len(LEVELS)
    picks = rnd.sample(range(len(eligible)), min(need, len(eligible)))
    while len(picks) < need:
        picks.append(rnd.randrange(len(eligible)))

    pages, truths = [], []
    for j in range(need):
        level = LEVELS[j % len(LEVELS)]
        r, ps = eligible[picks[j]]
        title = _WS.sub(" ", rnd.choice(titles)).strip()
        page, truth = copy_page(ps, level, ctx, spins, title, rnd)
        truth.update({"kind": "copy", "source": r["id"]})
        pages.append(page)
        truths.append(truth)

    progress("trace_gen: unrelated pages")
    share = max_shared(others, indexed)
    unrel, overl = [], 0
    for r, (sh, cnt) in zip(others, share):
        if sh >= UNRELATED_MAX or cnt >= UNRELATED_MAX_GRAMS:
            overl += 1
            continue
        if sum(len(p) for p in paragraphs(r["text"])) == 0:
            continue
        unrel.append((r, sh, cnt))
    meta.update({"unrelated_candidates": len(others), "unrelated_with_real_overlap": overl,
                 "unrelated_available": len(unrel)})
    for r, sh, cnt in random.Random(seed + 1).sample(unrel, min(n_unrelated, len(unrel))):
        page, truth = article_page(r)
        truth.update({"kind": "unrelated", "article": r["id"], "origin": r.get("origin"),
                      "max_shared_8grams": cnt, "max_shared_share": sh})
        truth.pop("sentences")
        pages.append(page)
        truths.append(truth)
    meta["pages"] = len(pages)
    meta["copy_pages"] = need
    meta["unrelated_pages"] = len(pages) - need
    cw = sum(t.get("changed_words", 0) for t in truths)
    tw = sum(t.get("copied_words", 0) for t in truths)
    meta["changed_word_share"] = cw / tw if tw else None

    os.makedirs(out_dir, exist_ok=True)
    write_jsonl(os.path.join(out_dir, "index.jsonl"),
                ({k: r.get(k) for k in ("id", "url", "title", "text", "date")} for r in indexed))
    write_jsonl(os.path.join(out_dir, "pages.jsonl"), pages)
    write_jsonl(os.path.join(out_dir, "truth.jsonl"), truths)
    with open(os.path.join(out_dir, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    return meta


# ----------------------------------------------------------------------------- scale corpus

def gen_scale(data_dir, out_path, seed, n):
    """Writes n articles: the reference articles, then generated ones (see the module doc).
    Returns {"articles", "reference", "text_bytes", "title_bytes", "url_bytes", "bytes"}."""
    reference = [r for r in read_jsonl(os.path.join(data_dir, "news", "articles", "reference.jsonl"))
                 if (r.get("text") or "").strip()]
    rnd = random.Random(seed * 1000003 + 7)
    progress("trace_gen: scale: sentences and contexts")
    ctx = Contexts([r.get("text") for r in reference])
    arts, by_origin = [], {}
    for r in reference:
        ss = [s for p in paragraphs(r["text"]) for s in p]
        if not ss:
            continue
        by_origin.setdefault(r.get("origin") or "", []).append(len(arts))
        arts.append((r, ss))
    # each reference sentence gets up to two precomputed edited forms, so the million
    # articles do not each pay for context look-ups
    variants = {}

    def variant(a, i):
        key = (a << 12) | i
        v = variants.get(key)
        if v is None:
            s = arts[a][1][i]
            nw = len(_WORD.findall(s))
            r2 = random.Random(key ^ seed)
            v = []
            for _ in range(2):
                t, _, ne = edit_sentence(s, ctx, r2, max(1, nw // EDIT_EVERY))
                if ne:
                    v.append(t)
            variants[key] = v
        return rnd.choice(v) if v else arts[a][1][i]

    stats = {"articles": 0, "reference": 0, "text_bytes": 0, "title_bytes": 0, "url_bytes": 0,
             "reference_sentences": sum(len(a[1]) for a in arts), "generated_sentences": 0}
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for r in reference[:n]:
            row = {k: r.get(k) for k in ("id", "url", "title", "text", "date")}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            _count(stats, row)
            stats["reference"] += 1
        for g in range(n - stats["reference"]):
            if g % 50000 == 0:
                progress("trace_gen: scale: %d/%d" % (g, n))
            base = arts[rnd.randrange(len(arts))]
            target = max(3, len(base[1]))
            pool = by_origin[base[0].get("origin") or ""]
            sents = []
            while len(sents) < target:
                a = pool[rnd.randrange(len(pool))]
                ss = arts[a][1]
                ln = min(len(ss), rnd.randint(1, 6), target - len(sents))
                st = rnd.randrange(len(ss) - ln + 1)
                for i in range(st, st + ln):
                    sents.append(variant(a, i) if rnd.random() < 1 / 3.0 else ss[i])
            stats["generated_sentences"] += len(sents)
            paras, i = [], 0
            while i < len(sents):
                k = rnd.randint(1, 4)
                paras.append(" ".join(sents[i:i + k]))
                i += k
            t = arts[pool[rnd.randrange(len(pool))]][0]
            gid = "gen-%07d" % (g + 1)
            row = {"id": gid, "url": "https://news.example.com/%s/%s" % (
                       (t.get("origin") or "news"), gid),
                   "title": t.get("title") or "", "text": "\n\n".join(paras), "date": base[0].get("date")}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            _count(stats, row)
    os.replace(tmp, out_path)
    stats["bytes"] = os.path.getsize(out_path)
    return stats


def _count(stats, row):
    stats["articles"] += 1
    stats["text_bytes"] += len((row.get("text") or "").encode("utf-8"))
    stats["title_bytes"] += len((row.get("title") or "").encode("utf-8"))
    stats["url_bytes"] += len((row.get("url") or "").encode("utf-8"))


# ----------------------------------------------------------------------------- main

def write_jsonl(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def progress(msg):
    if sys.stderr.isatty():
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()


def default_data():
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "data")


def main(argv=None):
    ap = argparse.ArgumentParser(prog="bench/trace_gen.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("quality")
    q.add_argument("out_dir")
    q.add_argument("--per-level", type=int, default=300)
    q.add_argument("--unrelated", type=int, default=1000)
    s = sub.add_parser("scale")
    s.add_argument("out")
    s.add_argument("--articles", type=int, default=1000000)
    for p in (q, s):
        p.add_argument("--data", default=default_data())
        p.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.cmd == "quality":
        print(json.dumps(gen_quality(a.data, a.out_dir, a.seed, a.per_level, a.unrelated), indent=1))
    else:
        print(json.dumps(gen_scale(a.data, a.out, a.seed, a.articles), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
