#!/usr/bin/python3
"""make-outlets.py — builds models/outlets.tsv, the outlet gazetteer.

The gazetteer lets the sourcing analyzer recognise named outlets in text
("The Telegraph reports:", "told the Telegraph", "(Reuters)").  It is data,
never a list typed into the code, and is made from:

  1. models/outlets-extra.txt: major outlets and agencies (NAME [TAB KIND
     [TAB DOMAIN]]), which win over everything else;
  2. ../shared/data/news/sources/mbfc-hirschan/media_data.json: each
     "Rating URL" slug is the outlet's name (/the-village-voice/ ->
     "The Village Voice"), its "URL" the domain;
  3. ../shared/data/news/sources/baly-news-media-reliability/*/corpus.tsv:
     the same from the "ref" (MBFC page) and "source_url" columns.

Output: one outlet a line, "name<TAB>kind<TAB>domain", sorted, UTF-8, with a
comment header.  kind is "agency" (news agencies, from outlets-extra.txt),
"organization" (a list-derived name with a head word such as Institute,
Foundation, Watch, University and no news word: MBFC rates NGOs and think
tanks too) or "outlet".  The loader (src/analyze/sourcing.c) also indexes each
domain without a path as a name ("telegraph.co.uk").

Names that would be too generic are dropped: a list-derived name must have at
least two words besides a leading "the" (single words like "Nature" are
common words); single-word outlets come only from outlets-extra.txt.

Usage: /usr/bin/python3 models/make-outlets.py [--shared DIR] [-o FILE]
Standard library only; the output is a pure function of the inputs.
"""
import argparse
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Suffixes MBFC appends to its page slugs; they are not part of the name.
# ("-news-bias" keeps "News": /georgia-star-news-bias/ is "Georgia Star News",
# and /404-media-bias/ is "404 Media")
SLUG_SUFFIX = re.compile(r"(-bias)?(-and)?(-credibility)?(-rating)?$")
TRAILING_NUMBER = re.compile(r"-\d+$")
DOMAIN_TLDS = ("com", "org", "net", "info", "news", "co-uk", "com-au", "ca", "us", "io", "tv")
SMALL_WORDS = {"of", "and", "the", "in", "for", "on", "at", "to", "a", "an", "de", "la", "le",
               "du", "del", "des", "da", "di", "y", "et", "en", "el", "or", "by", "from"}
VOWELS = set("aeiouy")
TWO_LETTER_WORDS = {"my", "me", "we", "go", "do", "be", "is", "it", "no", "so", "up", "oh",
                    "ok", "as", "if", "he", "hi", "ma", "pa", "yo"}
# MBFC rates think tanks, NGOs and universities too: a name with one of these
# head words (and no news word) is an "organization", not an "outlet".
ORG_HEADS = {"institute", "foundation", "center", "centre", "council", "association", "society",
             "university", "organization", "organisation", "project", "coalition", "alliance",
             "fund", "committee", "union", "watch", "party", "church", "ministry", "department",
             "forum", "academy", "college", "laboratory", "museum", "trust", "league",
             "federation", "initiative", "campaign", "movement", "institution", "commission",
             "international"}
NEWS_WORDS = {"news", "times", "post", "journal", "daily", "press", "herald", "tribune", "gazette",
              "magazine", "review", "report", "reporter", "radio", "tv", "media", "chronicle",
              "observer", "wire", "today", "weekly", "star", "sun", "mail", "telegraph", "courier",
              "record", "dispatch", "standard", "express", "monitor", "mirror", "examiner",
              "sentinel", "globe", "bulletin", "register", "leader", "voice", "insider", "blog",
              "online", "network", "channel", "broadcasting", "television", "newspaper", "agency",
              "digest", "quarterly", "letter", "newsletter", "podcast", "show", "inquirer"}


def words_of(name):
    """The name's words as the C loader sees them (roughly): runs of
    letters/digits with inner . - ' joined."""
    return re.findall(r"[^\W_]+(?:[.\-'’&][^\W_]+)*", name)


def title_word(w, first):
    if not w:
        return w
    if not first and w in SMALL_WORDS:
        return w
    # two-letter words are abbreviations: uk -> UK, tv -> TV
    if len(w) == 2 and w.isalpha() and w not in TWO_LETTER_WORDS:
        return w.upper()
    letters = [c for c in w if c.isalpha()]
    # vowel-less words are acronyms: wglt -> WGLT, npr -> NPR, cbs -> CBS
    if letters and not any(c in VOWELS for c in letters) and len(letters) <= 6:
        return w.upper()
    return w[0].upper() + w[1:]


def slug_name(url):
    """'https://mediabiasfactcheck.com/the-village-voice/' -> 'The Village Voice'."""
    url = url.strip()
    m = re.match(r"^https?://(?:www\.)?mediabiasfactcheck\.com/([^/?#]+)/?", url)
    if not m:
        return None
    slug = m.group(1).lower()
    prev = None
    while prev != slug:
        prev = slug
        slug = TRAILING_NUMBER.sub("", slug)
        slug = SLUG_SUFFIX.sub("", slug)
    if not slug or not re.match(r"^[a-z0-9-]+$", slug):
        return None
    # a slug that spells a domain: news89tv-com -> news89tv.com
    for tld in DOMAIN_TLDS:
        if slug.endswith("-" + tld) and slug.count("-") >= 1:
            head = slug[: -len(tld) - 1]
            if head and "-" not in head:
                return head + "." + tld.replace("-", ".")
    parts = [p for p in slug.split("-") if p]
    # a trailing acronym of the words before it: world-health-organization-who
    if len(parts) >= 3:
        content = [p for p in parts[:-1] if p not in SMALL_WORDS]
        for k in range(len(content) - 1):
            if parts[-1] == "".join(p[0] for p in content[k:]):
                parts = parts[:-1]
                break
    return " ".join(title_word(p, i == 0) for i, p in enumerate(parts))


def host_of(url):
    url = url.strip().lower()
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url)
    url = re.sub(r"\s+", "", url)
    host = re.split(r"[/?#:]", url, maxsplit=1)[0]
    host = host.strip(".")
    if host.startswith("www."):
        host = host[4:]
    if not re.match(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", host):
        return ""
    return host


def domain_of(url):
    """Host plus path as the lists give it ("theadvocate.com/acadiana")."""
    url = url.strip().lower()
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url)
    url = re.sub(r"\s+", "", url).split("#")[0].split("?")[0].rstrip("/")
    host = host_of(url)
    if not host:
        return ""
    rest = url.split("/", 1)[1] if "/" in url else ""
    return host + ("/" + rest if rest else "")


def key_of(name):
    return " ".join(w.lower().replace("’", "'") for w in words_of(name))


def content_words(name):
    ws = [w.lower() for w in words_of(name)]
    if ws and ws[0] == "the":
        ws = ws[1:]
    return ws


def kind_of(name):
    ws = {w.lower() for w in words_of(name)}
    return "organization" if ws & ORG_HEADS and not ws & NEWS_WORDS else "outlet"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--extra", default=os.path.join(HERE, "outlets-extra.txt"))
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "outlets.tsv"))
    a = ap.parse_args()
    src = os.path.join(a.shared, "data", "news", "sources")

    entries = {}  # key -> (priority, name, kind, domain)
    stats = {"extra": 0, "mbfc": 0, "baly": 0, "generic": 0}

    def add(name, kind, domain, prio, origin):
        name = re.sub(r"\s+", " ", name).strip()
        if not name or "\t" in name:
            return
        k = key_of(name)
        if not k:
            return
        if origin != "extra":
            cw = content_words(name)
            is_domain = len(cw) == 1 and "." in cw[0]
            if len(cw) < 2 and not is_domain:
                stats["generic"] += 1
                return
            if len(words_of(name)) > 6:  # the matcher looks at 6 tokens at most
                return
        cand = (prio, name, kind, domain)
        old = entries.get(k)
        if old is None or cand < old:
            entries[k] = cand
            stats[origin] += old is None

    with open(a.extra, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            kind = cols[1].strip() if len(cols) > 1 and cols[1].strip() else "outlet"
            if kind not in ("outlet", "agency", "organization"):
                sys.exit(f"{a.extra}:{ln}: unknown kind {kind!r}")
            dom = domain_of(cols[2]) if len(cols) > 2 else ""
            add(cols[0], kind, dom, 0, "extra")

    mbfc = os.path.join(src, "mbfc-hirschan", "media_data.json")
    with open(mbfc, encoding="utf-8") as f:
        data = json.load(f)
    for obj in data:
        if not isinstance(obj, dict):
            continue
        ru, url = obj.get("Rating URL"), obj.get("URL")
        if not isinstance(ru, str):
            continue
        name = slug_name(ru)
        dom = domain_of(url) if isinstance(url, str) else ""
        if name:
            add(name, kind_of(name), dom, 1, "mbfc")

    for path in sorted(glob.glob(os.path.join(src, "baly-news-media-reliability", "*", "corpus.tsv"))):
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            try:
                iu, ir = header.index("source_url"), header.index("ref")
            except ValueError:
                sys.exit(f"{path}:1: expected source_url and ref columns")
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) <= max(iu, ir):
                    continue
                name = slug_name(cols[ir])
                if name:
                    add(name, kind_of(name), host_of(cols[iu]), 2, "baly")

    rows = sorted(entries.items())
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.write("# outlets.tsv — outlet gazetteer, generated by models/make-outlets.py; do not edit.\n")
        out.write("# name<TAB>kind<TAB>domain (kind: outlet|agency|organization; domain may be empty)\n")
        for _, (_, name, kind, dom) in rows:
            out.write(f"{name}\t{kind}\t{dom}\n")
    os.replace(tmp, a.output)
    print(f"{a.output}: {len(rows)} names (extra {stats['extra']}, mbfc {stats['mbfc']}, "
          f"baly {stats['baly']}; {stats['generic']} too generic)", file=sys.stderr)


if __name__ == "__main__":
    main()
