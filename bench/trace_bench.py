"""The `trace` section of `make bench`: provenance quality and scale (issue 4).

run_trace(ctx) measures, through the real CLI (`newssift trace add`, `trace stats`, `trace
query`) and the library (build/trace_timer, one query a page on one thread):

quality  bench/trace_gen.py builds copies of indexed reference articles (10-100% of a
         source, words changed, sentences reordered, spin added) and never-indexed
         unrelated articles; the answers are scored against its ground truth:
         - recall@1: the page's source is the first source the engine reports;
         - false matches: an unrelated page for which the engine reports any source (the
           engine reports only sources above its own threshold, so any row counts);
         - added sentences: a ground-truth sentence counts as found added when at least half
           of its bytes lie in the `added` spans of the engine's first source (none when it
           reports no source); precision = added-and-found / found, recall = added-and-found /
           added, over the sentences of every copy page of every level (micro-averaged), of
           MIN_WORDS words or more (shorter ones -- table rows, "OATS", "Have a news tip?" --
           could as well have been written anew; they are counted apart).
near-dups the whole reference corpus indexed and each of its articles, and each article of the
         article tasks, queried against it, its own id left out: the real near-duplicates
         inside the data sets, cross-checked with an independent exact 8-gram count.
scale    --trace-articles N (default 1,000,000) articles (the reference corpus, then articles
         recombined from its sentences) built into one index with `trace add` (articles/s
         over the whole command), its bytes on disk beyond the stored text, and the query
         latency of 1,000 pages through the library (open excluded).
md_trace(results) renders the part of RESULTS.md.
"""

import importlib
import json
import os
import sqlite3
import subprocess
import sys
import time

import trace_gen

T_RECALL = 0.98
T_FALSE = 0.01
T_ADDED = 0.95
T_RATE = 5000.0
T_BYTES = 300.0
T_P50 = 2.0
T_P99 = 10.0
TOP_K = 5
MIN_WORDS = 6   # ground-truth sentences shorter than this are scored apart
LATENCY_PAGES = 1000
LATENCY_PASSES = 3      # the latency of a page is its fastest of these passes (other work shares the cores)
GEN_SEED = 1
PER_LEVEL = 300
UNRELATED = 1000


def _run():
    """run.py's helpers (run_cmd, check, BenchError, progress): from __main__ when make bench
    runs run.py, else the imported module, so a raised BenchError is the one run.py catches."""
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "run_cmd") and hasattr(main, "BenchError"):
        return main
    return importlib.import_module("run")


def _rm_index(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def _read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _timer(ctx):
    t = os.path.join(os.path.dirname(ctx.newssift), "trace_timer")
    if not os.access(t, os.X_OK):
        raise _run().BenchError("%s not built (make %s)" % (ctx.rel(t), ctx.rel(t)))
    return t


def build_index(ctx, index, jsonl, what):
    R = _run()
    _rm_index(index)
    r = R.run_cmd([ctx.newssift, "trace", "add", index, jsonl], capture=True)
    if r["rc"] != 0:
        ctx.newssift_failed = True
        R.check(r, "newssift trace add (%s)" % what)
    return {"seconds": r["seconds"], "peak_rss_bytes": r["peak_rss_bytes"]}


def query_all(ctx, index, pages, answers, top_k=TOP_K, times=None):
    """Every page of `pages` through trace_timer; returns its summary and the answers. With
    times (a scratch file), the summary also holds "times": [(query ms, trace ms)] a page."""
    R = _run()
    cmd = [_timer(ctx), index, pages, "--top", str(top_k), "--json", answers]
    if times:
        cmd += ["--times", times]
    outlets = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models", "outlets.tsv")
    if os.path.isfile(outlets):     # as the CLI loads it from its models folder
        cmd += ["--outlets", outlets]
    r = R.run_cmd(cmd, capture=True)
    if r["rc"] != 0:
        ctx.newssift_failed = True
        R.check(r, "trace_timer")
    summary = json.loads(r["stdout"])
    if times:
        with open(times) as f:
            summary["times"] = [tuple(float(x) for x in line.split()) for line in f if line.strip()]
        os.remove(times)
    return summary, _read_jsonl(answers)


def index_stats(ctx, index):
    R = _run()
    r = R.run_cmd([ctx.newssift, "trace", "stats", index, "--json"], capture=True)
    if r["rc"] != 0:
        return {"error": R._first_err(r) if hasattr(R, "_first_err") else "exit %d" % r["rc"]}
    out = (r["stdout"] or "").strip()
    try:
        return json.loads(out)
    except ValueError:
        return {"text": out}


# ----------------------------------------------------------------------------- scoring

def _covered(span, spans):
    a, b = span
    n = 0
    for s, e in spans:
        lo, hi = max(a, s), min(b, e)
        if hi > lo:
            n += hi - lo
    return n


def _merge(spans):
    out = []
    for s, e in sorted(tuple(x) for x in spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def score_quality(truths, answers):
    """The quality figures from the ground truth and the engine's answers (same order)."""
    per_level = {}
    added = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    added_ge30 = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    added_right = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    added_all = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}      # short sentences included
    added_short = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}    # only the short ones
    copied = {"found": 0, "total": 0, "near_total": 0, "near_kind": 0, "exact_total": 0, "exact_kind": 0}
    changes = {"truth": 0, "marked": 0}
    unrel = {"pages": 0, "false": 0, "examples": []}
    reader_mismatch = 0
    misses = []
    for t, a in zip(truths, answers):
        if a.get("len") != t["text_bytes"] or a.get("paragraphs") != t["paragraphs"]:
            reader_mismatch += 1
        sources = (a.get("trace") or {}).get("sources") or []
        if t["kind"] == "unrelated":
            unrel["pages"] += 1
            for key, val in (("by_origin", t.get("origin")), ("by_shared_8grams", t.get("max_shared_8grams"))):
                b = unrel.setdefault(key, {}).setdefault(str(val), {"pages": 0, "false": 0})
                b["pages"] += 1
                b["false"] += bool(sources)
            if sources:
                unrel["false"] += 1
                if len(unrel["examples"]) < 10:
                    s = sources[0]
                    unrel["examples"].append({"page": t["article"], "source": s.get("id"),
                                              "containment_page": s.get("containment_page"),
                                              "copied_share": s.get("copied_share")})
            continue
        lv = per_level.setdefault(str(t["level"]), {"pages": 0, "hit1": 0, "hit_k": 0, "none": 0})
        lv["pages"] += 1
        ids = [s.get("id") for s in sources]
        top = sources[0] if sources else None
        right = bool(ids) and ids[0] == t["source"]
        lv["hit1"] += right
        lv["hit_k"] += t["source"] in ids
        lv["none"] += not ids
        if not right and len(misses) < 20:
            misses.append({"level": t["level"], "source": t["source"], "got": ids[:3],
                           "source_share": round(t["source_share"], 3)})
        # DESIGN puts `added` in each source; a trace-level `added` (the body found in none of
        # the sources) is read the same way when the first source has none of its own
        if top is None:
            add_spans = []
        elif "added" in top:
            add_spans = _merge(top.get("added") or [])
        else:
            add_spans = _merge((a.get("trace") or {}).get("added") or [])
        for s in t["sentences"]:
            n = s["span"][1] - s["span"][0]
            found = n > 0 and _covered(s["span"], add_spans) * 2 >= n
            short = s.get("words", MIN_WORDS) < MIN_WORDS
            for acc, use in ((added, not short), (added_ge30, t["level"] >= 30 and not short),
                             (added_right, right and not short), (added_all, True), (added_short, short)):
                if not use:
                    continue
                if s["kind"] == "added":
                    acc["tp" if found else "fn"] += 1
                else:
                    acc["fp" if found else "tn"] += 1
            if s["kind"] == "copied" and right:
                copied["total"] += 1
                hit = [c for c in top.get("copied") or []
                       if _covered(s["span"], [c["span"]]) * 2 >= n]
                if hit:
                    copied["found"] += 1
                    kind = hit[0].get("kind")
                    if s["exact"]:
                        copied["exact_total"] += 1
                        copied["exact_kind"] += kind == "exact"
                    else:
                        copied["near_total"] += 1
                        copied["near_kind"] += kind == "near"
                        marked = _merge([ch for c in hit for ch in (c.get("changes") or [])])
                        for ch in s.get("changes") or []:
                            if ch[1] > ch[0]:       # substitutions; a deletion leaves nothing to mark
                                changes["truth"] += 1
                                changes["marked"] += _covered(ch, marked) > 0

    def pr(acc):
        p = acc["tp"] / (acc["tp"] + acc["fp"]) if acc["tp"] + acc["fp"] else None
        r = acc["tp"] / (acc["tp"] + acc["fn"]) if acc["tp"] + acc["fn"] else None
        return dict(acc, precision=p, recall=r)

    for lv in per_level.values():
        lv["recall_at_1"] = lv["hit1"] / lv["pages"]
        lv["recall_at_k"] = lv["hit_k"] / lv["pages"]
    ge30 = [v for k, v in per_level.items() if int(k) >= 30]
    n30 = sum(v["pages"] for v in ge30)
    return {
        "per_level": dict(sorted(per_level.items(), key=lambda kv: int(kv[0]))),
        "recall_at_1_ge30": sum(v["hit1"] for v in ge30) / n30 if n30 else None,
        "pages_ge30": n30,
        "recall_at_1_all": (sum(v["hit1"] for v in per_level.values()) /
                            max(1, sum(v["pages"] for v in per_level.values()))),
        "false_match_rate": unrel["false"] / unrel["pages"] if unrel["pages"] else None,
        "unrelated": unrel,
        "added": pr(added), "added_ge30": pr(added_ge30), "added_right_source": pr(added_right),
        "added_all_sentences": pr(added_all), "added_short_sentences": pr(added_short), "min_words": MIN_WORDS,
        "copied_sentences": copied, "changed_words": changes,
        "reader_span_mismatches": reader_mismatch,
        "misses": misses,
    }


def cli_check(ctx, index, pages_path, answers):
    """Every page through the CLI as well (`newssift trace query --format jsonl --json`, one
    process, the index opened once), compared line by line with the library's answers: the
    CLI and the library must give the same traces. Its wall time gives the CLI's pages/s."""
    R = _run()
    out_path = os.path.join(ctx.work, "trace-cli-answers.jsonl")
    r = R.run_cmd([ctx.newssift, "trace", "query", index, pages_path, "--format", "jsonl", "--json",
                   "--top", str(TOP_K), "-o", out_path], capture=True)
    if r["rc"] != 0:
        ctx.newssift_failed = True
        R.check(r, "newssift trace query --format jsonl")
    got = _read_jsonl(out_path)
    differ = [i for i, (g, a) in enumerate(zip(got, answers)) if g.get("trace", g) != a["trace"]]
    return {"pages": len(answers), "cli_lines": len(got), "same": len(answers) - len(differ) if len(got) == len(
        answers) else None, "differ": differ[:10], "seconds": r["seconds"],
        "pages_per_s": len(answers) / r["seconds"] if r["seconds"] > 0 else None}


# ----------------------------------------------------------------------------- near-duplicates

def near_duplicates(ctx, data_dir):
    """Index reference.jsonl; query each of its articles and each article-task article; count
    the sources found other than the page itself."""
    R = _run()
    ref_path = os.path.join(data_dir, "news", "articles", "reference.jsonl")
    reference = [r for r in trace_gen.read_jsonl(ref_path) if (r.get("text") or "").strip()]
    index = os.path.join(ctx.work, "trace-reference.db")
    out = {"build": build_index(ctx, index, ref_path, "reference.jsonl")}
    tasks = trace_gen.task_articles(data_dir, None)
    pages = os.path.join(ctx.work, "trace-neardup-pages.jsonl")
    rows = []
    with open(pages, "w", encoding="utf-8") as f:
        for r in reference:
            rows.append(("reference", r["id"], r.get("origin"), None))
            f.write(json.dumps({"title": r.get("title") or "", "text": r["text"]}, ensure_ascii=False) + "\n")
        ref_ids = {r["id"] for r in reference}
        for r in tasks:
            # a task article that is also in reference.jsonl (same id) was queried above
            if not (r.get("text") or "").strip() or r["id"] in ref_ids:
                continue
            rows.append((r["_task"], r["id"], r.get("label"), None))
            f.write(json.dumps({"title": r.get("title") or "", "text": r["text"]}, ensure_ascii=False) + "\n")
    R.progress("trace: near-duplicates (%d pages)" % len(rows))
    timing, answers = query_all(ctx, index, pages, os.path.join(ctx.work, "trace-neardup-answers.jsonl"))
    out["query"] = timing
    by_id = {r["id"]: r for r in reference}
    buckets = [0.9, 0.5, 0.2, 0.0]
    groups = {}
    examples = []
    found_pairs = set()
    for (group, pid, extra, _), a in zip(rows, answers):
        srcs = [s for s in (a.get("trace") or {}).get("sources") or [] if s.get("id") != pid]
        g = groups.setdefault(group, {"pages": 0, "with_match": 0,
                                      "by_containment_page": {str(b): 0 for b in buckets}})
        g["pages"] += 1
        if not srcs:
            continue
        g["with_match"] += 1
        best = srcs[0]
        cp = best.get("containment_page") or 0.0
        for b in buckets:
            if cp >= b:
                g["by_containment_page"][str(b)] += 1
                break
        if group == "reference":
            for s in srcs:
                found_pairs.add((pid, s.get("id")))
        examples.append({"group": group, "page": pid, "label_or_origin": extra, "source": best.get("id"),
                         "source_origin": (by_id.get(best.get("id")) or {}).get("origin"),
                         "containment_page": cp, "containment_source": best.get("containment_source"),
                         "attributed": best.get("attributed"), "title": (by_id.get(best.get("id")) or {}).get("title")})
    examples.sort(key=lambda e: (-(e["containment_page"] or 0), e["page"]))
    out["groups"] = groups
    # an independent check: pairs of reference articles that share at least half of the
    # page's sampled word 8-grams, and how many of them the engine reported (top K)
    ov = trace_gen.Overlap(reference)
    pairs, hit = 0, 0
    for k, r in enumerate(reference):
        for share, j in ov.best(r["text"], exclude=k):
            if share < 0.5:
                break
            if reference[j]["id"] == r["id"]:
                continue
            pairs += 1
            hit += (r["id"], reference[j]["id"]) in found_pairs
    out["exact_8gram_check"] = {"pairs_share_ge_0.5": pairs, "reported_by_engine": hit,
                                "note": "ordered pairs (page, other) where the other article holds at "
                                        "least half of the page's sampled word 8-grams; the engine's "
                                        "answers keep at most %d sources a page" % TOP_K}
    tasks_ex = [e for e in examples if e["group"] != "reference"]
    # examples: the best match of each reference origin and of each task
    seen, picked = set(), []
    for e in examples:
        key = (e["group"], e["label_or_origin"] if e["group"] == "reference" else None)
        if key not in seen:
            seen.add(key)
            picked.append(e)
    out["examples"] = picked
    # the unreliable task articles that copy reference reporting: the case trace is for
    unreliable = [e for e in tasks_ex if e["label_or_origin"] == "unreliable"]
    out["unreliable_copying_reference"] = {"pages": len(unreliable),
                                           "containment_page_ge_0.5": sum(
                                               1 for e in unreliable if e["containment_page"] >= 0.5),
                                           "examples": unreliable[:6]}
    return out


# ----------------------------------------------------------------------------- scale

def db_layout(index):
    """Bytes per table and index from SQLite's dbstat virtual table (when compiled in)."""
    try:
        con = sqlite3.connect("file:%s?mode=ro" % index, uri=True)
        try:
            rows = con.execute("SELECT name, SUM(pgsize), SUM(payload) FROM dbstat GROUP BY name "
                               "ORDER BY 2 DESC").fetchall()
            page_size = con.execute("PRAGMA page_size").fetchone()[0]
            freelist = con.execute("PRAGMA freelist_count").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as e:
        return {"error": str(e)}
    return {"tables": [{"name": n, "bytes": b, "payload": p} for n, b, p in rows],
            "page_size": page_size, "freelist_pages": freelist}


def stored_text_bytes(index, layout):
    """The bytes of article text the index stores, read from the index itself: the sum of
    length() over the columns named title, text or body of its tables (0 when it keeps no
    text). Also returns every TEXT column's sum (id, url, date ... included)."""
    con = sqlite3.connect("file:%s?mode=ro" % index, uri=True)
    total, cols = 0, []
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            for c in con.execute("PRAGMA table_info(\"%s\")" % t.replace('"', '""')):
                if (c[2] or "").upper() != "TEXT" and c[1].lower() not in ("text", "title", "body"):
                    continue
                n = con.execute("SELECT SUM(LENGTH(CAST(\"%s\" AS BLOB))) FROM \"%s\"" % (
                    c[1].replace('"', '""'), t.replace('"', '""'))).fetchone()[0] or 0
                text = c[1].lower() in ("text", "title", "body")
                cols.append({"table": t, "column": c[1], "bytes": n, "text": text})
                total += n if text else 0
    finally:
        con.close()
    return total, cols


def scale(ctx, data_dir, n, quality_pages, truths):
    R = _run()
    gen = os.path.join(ctx.work, "trace-scale-%d-seed%d.jsonl" % (n, GEN_SEED))
    stamp = gen + ".stats.json"
    me = R.sha256(os.path.join(os.path.dirname(os.path.abspath(__file__)), "trace_gen.py"))
    stats = None
    if os.path.isfile(gen) and os.path.isfile(stamp):
        with open(stamp) as f:
            s = json.load(f)
        if s.get("generator_sha256") == me:
            stats = s
    t0 = time.perf_counter()
    if stats is None:
        R.progress("trace: generating %d articles" % n)
        stats = trace_gen.gen_scale(data_dir, gen, GEN_SEED, n)
        stats["generator_sha256"] = me
        stats["generate_seconds"] = time.perf_counter() - t0
        with open(stamp, "w") as f:
            json.dump(stats, f)
        stats["generated_in_this_run"] = True
    out = {"articles": n, "corpus": stats}
    index = os.path.join(ctx.work, "trace-scale.db")
    R.progress("trace: trace add, %d articles" % n)
    b = build_index(ctx, index, gen, "scale corpus")
    b["articles_per_s"] = n / b["seconds"]
    out["build"] = b
    files = {s: os.path.getsize(index + s) for s in ("", "-wal", "-shm") if os.path.exists(index + s)}
    out["files"] = files
    on_disk = files.get("", 0) + files.get("-wal", 0)
    out["layout"] = db_layout(index)
    try:
        stored, cols = stored_text_bytes(index, out["layout"])
    except sqlite3.Error as e:
        stored, cols = None, {"error": str(e)}
    out["stored_text"] = {"bytes": stored, "columns": cols}
    body = stats["text_bytes"]
    out["bytes_per_article"] = {
        "beyond_stored_text": (on_disk - stored) / n if stored is not None else None,
        "beyond_body_text": (on_disk - body) / n,
        "total": on_disk / n,
    }
    out["stats"] = index_stats(ctx, index)
    # latency pages: copies of every level and unrelated pages, LATENCY_PAGES in all
    lat = os.path.join(ctx.work, "trace-latency-pages.jsonl")
    with open(quality_pages, encoding="utf-8") as f:
        lines = f.readlines()
    copies = [i for i, t in enumerate(truths) if t["kind"] == "copy"]
    unrel = [i for i, t in enumerate(truths) if t["kind"] != "copy"]
    n_un = min(len(unrel), LATENCY_PAGES // 5)
    chosen = copies[:LATENCY_PAGES - n_un] + unrel[:n_un]
    with open(lat, "w", encoding="utf-8") as f:
        for i in chosen:
            f.write(lines[i])
    R.progress("trace: query latency (%d pages, %d passes)" % (len(chosen), LATENCY_PASSES))
    passes, per_page = [], None
    for k in range(LATENCY_PASSES):
        timing, answers = query_all(ctx, index, lat, os.path.join(ctx.work, "trace-latency-answers.jsonl"),
                                    times=os.path.join(ctx.work, "trace-latency-times.txt"))
        passes.append({key: v for key, v in timing.items() if key != "times"})
        per_page = timing["times"] if per_page is None else [min(a, b) for a, b in zip(per_page, timing["times"])]
    out["latency_passes"] = passes
    out["latency"] = dict(_pcts([q for q, _ in per_page], "query"), **_pcts([t for _, t in per_page], "trace"),
                          pages=len(per_page), open_ms=min(p["open_ms"] for p in passes))
    out["latency_pages"] = {"copies": len(chosen) - n_un, "unrelated": n_un}
    ranks = []
    for k, i in enumerate(chosen):
        if truths[i]["kind"] == "copy" and truths[i]["level"] >= 30:
            ids = [x.get("id") for x in (answers[k].get("trace") or {}).get("sources") or []]
            ranks.append(ids.index(truths[i]["source"]) + 1 if truths[i]["source"] in ids else None)
    out["recall_pages_at_scale"] = len(ranks)
    out["recall_at_1_ge30_at_scale"] = sum(r == 1 for r in ranks) / len(ranks) if ranks else None
    out["recall_at_k_ge30_at_scale"] = sum(r is not None for r in ranks) / len(ranks) if ranks else None
    return out


def _pcts(xs, name):
    xs = sorted(xs)
    n = len(xs)
    if not n:
        return {}
    pick = lambda p: xs[min(n - 1, int(n * p))]  # noqa: E731  (as trace_timer picks them)
    return {name + "_ms_mean": sum(xs) / n, name + "_ms_p50": pick(0.5), name + "_ms_p90": pick(0.9),
            name + "_ms_p99": pick(0.99), name + "_ms_max": xs[-1]}


# ----------------------------------------------------------------------------- the section

def run_trace(ctx):
    R = _run()
    data_dir = os.path.dirname(ctx.data)
    n_scale = getattr(ctx.args, "trace_articles", 1000000)
    out = {"top_k": TOP_K, "seed": GEN_SEED, "engine": _engine_commit(),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "loadavg_at_start": R.loadavg()}
    t_start = time.perf_counter()
    qdir = os.path.join(ctx.work, "trace-quality")
    R.progress("trace: generating the quality benchmark")
    t0 = time.perf_counter()
    out["generator"] = trace_gen.gen_quality(data_dir, qdir, GEN_SEED, PER_LEVEL, UNRELATED)
    out["generator"]["seconds"] = time.perf_counter() - t0
    index = os.path.join(qdir, "index.db")
    out["quality_build"] = build_index(ctx, index, os.path.join(qdir, "index.jsonl"), "quality index")
    out["quality_stats"] = index_stats(ctx, index)
    pages = os.path.join(qdir, "pages.jsonl")
    truths = _read_jsonl(os.path.join(qdir, "truth.jsonl"))
    R.progress("trace: querying %d pages" % len(truths))
    timing, answers = query_all(ctx, index, pages, os.path.join(qdir, "answers.jsonl"))
    out["quality_query"] = timing
    out["quality"] = score_quality(truths, answers)
    out["cli_check"] = cli_check(ctx, index, pages, answers)
    for name, fn in (("near_duplicates", lambda: near_duplicates(ctx, data_dir)),
                     ("scale", lambda: scale(ctx, data_dir, n_scale, pages, truths))):
        try:
            out[name] = fn()
        except (R.BenchError, OSError, ValueError) as e:
            R.warn("trace: %s: %s" % (name, e))
            out[name] = {"error": str(e)}
    out["wall_seconds"] = time.perf_counter() - t_start
    out["loadavg_at_end"] = R.loadavg()
    return out


def _engine_commit():
    """The last commit that changed the trace engine (src/trace, cli/cmd_trace.c) in this
    checkout, and whether src/ had changes not committed."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        head = subprocess.run(["git", "-C", root, "log", "-1", "--format=%h", "--", "src/trace", "cli/cmd_trace.c"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "src", "include", "cli"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (head + (" (with uncommitted changes in src/)" if dirty else "")) or None


# ----------------------------------------------------------------------------- RESULTS.md

def _g(d, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _f(x, fmt="%.4f"):
    return "-" if x is None else fmt % x


def _met(x, target, higher=True):
    if x is None:
        return "not measured"
    return "met" if (x >= target if higher else x <= target) else "**missed**"


def md_trace(results):
    t = _g(results, "sections", "trace")
    if not t:
        return []
    L = ["## Trace (provenance)", ""]
    if "error" in t and "quality" not in t:
        return L + ["The trace section failed: %s" % t["error"], ""]
    q = t.get("quality", {})
    g = t.get("generator", {})
    s = t.get("scale", {})
    add = q.get("added", {})
    bpa = _g(s, "bytes_per_article", "beyond_stored_text")
    rate = _g(s, "build", "articles_per_s")
    p50, p99 = _g(s, "latency", "query_ms_p50"), _g(s, "latency", "query_ms_p99")
    n = s.get("articles")
    la0, la1 = t.get("loadavg_at_start"), t.get("loadavg_at_end")
    L += ["Measured %s on the trace engine of commit `%s` in %s s; 1-minute load average %s at the start and "
          "%s at the end of the section (2 cores shared with other work: timings are pessimistic)." % (
              t.get("date"), t.get("engine"), _f(t.get("wall_seconds"), "%.0f"),
              _f(la0 and la0[0], "%.2f"), _f(la1 and la1[0], "%.2f")), ""]
    L += ["Issue 4's targets. Quality on `bench/trace_gen.py quality` (seed %s): %s copy pages (%s per "
          "level) of %s indexed reference articles, %s unrelated pages; scale on %s articles (the "
          "reference corpus and articles recombined from its sentences)." % (
              t.get("seed"), g.get("copy_pages"), g.get("per_level"), g.get("indexed"), g.get("unrelated_pages"),
              "{:,}".format(n) if n else "-"), "",
          "| target | measured | | how |", "|---|---|---|---|",
          "| recall@1 >= %.2f, copies of 30%% or more | %s (%s pages) | %s | first source of `trace_timer --json` "
          "(ns_trace_page, top %d) is the page's source |" % (
              T_RECALL, _f(q.get("recall_at_1_ge30")), q.get("pages_ge30"),
              _met(q.get("recall_at_1_ge30"), T_RECALL), t.get("top_k")),
          "| false matches <= %.0f%% on unrelated articles | %s (%s of %s) | %s | any source reported for a "
          "never-indexed article with no real overlap |" % (
              T_FALSE * 100, _f(q.get("false_match_rate") and q["false_match_rate"] * 100, "%.2f%%")
              if q.get("false_match_rate") is not None else "-",
              _g(q, "unrelated", "false"), _g(q, "unrelated", "pages"), _met(q.get("false_match_rate"), T_FALSE, False)),
          "| added sentences: precision >= %.2f | %s (copies of 30%%+: %s) | %s | sentence level, every copy "
          "level, see below |" % (T_ADDED, _f(add.get("precision")), _f(_g(q, "added_ge30", "precision")),
                                  _met(add.get("precision"), T_ADDED)),
          "| added sentences: recall >= %.2f | %s (copies of 30%%+: %s) | %s | as above |" % (
              T_ADDED, _f(add.get("recall")), _f(_g(q, "added_ge30", "recall")), _met(add.get("recall"), T_ADDED)),
          "| build >= %s articles/s | %s | %s | `newssift trace add` wall time over the whole command "
          "(reading the JSONL included) |" % (
              "{:,}".format(int(T_RATE)), _f(rate, "%.0f"), _met(rate, T_RATE)),
          "| <= %.0f bytes an article beyond the stored text | %s | %s | (index file + WAL - stored text) / "
          "articles, see below |" % (T_BYTES, _f(bpa, "%.0f"), _met(bpa, T_BYTES, False)),
          "| query p50 <= %.0f ms | %s ms | %s | `trace_timer`: read the JSON page, trace it, write the JSON; "
          "index open excluded |" % (T_P50, _f(p50, "%.3f"), _met(p50, T_P50, False)),
          "| query p99 <= %.0f ms | %s ms | %s | as above, %s pages, each its fastest of 3 passes |" % (
              T_P99, _f(p99, "%.3f"), _met(p99, T_P99, False), _g(s, "latency", "pages")),
          ""]
    # quality detail
    L += ["Recall per copy level (share of the source's sentences copied; the copied share of its "
          "bytes varies around it):", "",
          "| level | pages | recall@1 | recall@%d | no source |" % t.get("top_k", TOP_K), "|---|---|---|---|---|"]
    for lv, v in (q.get("per_level") or {}).items():
        L.append("| %s%% | %d | %.4f | %.4f | %d |" % (lv, v["pages"], v["recall_at_1"], v["recall_at_k"], v["none"]))
    a30, ar = q.get("added_ge30", {}), q.get("added_right_source", {})
    aa, sh = q.get("added_all_sentences", {}), q.get("added_short_sentences", {})
    cs = q.get("copied_sentences", {})
    ch = q.get("changed_words", {})
    L += ["",
          "Added sentences: a ground-truth page sentence is *found added* when at least half of its bytes "
          "lie in the `added` spans of the engine's first source (nothing is found when it reports none). "
          "Precision = added sentences found / sentences found; recall = added sentences found / added "
          "sentences; micro-averaged over the sentences of %d words or more of every copy page, all "
          "levels: %s added and %s copied sentences. On copies of 30%% or more: precision %s, recall %s; "
          "on the pages whose first source is right: precision %s, recall %s. Sentences of fewer than %d "
          "words (%s copied ones, mostly table rows and captions such as \"OATS\" or \"Have a news "
          "tip?\"; every spin sentence is longer) are left out above because a copy of them cannot be told "
          "from a sentence written anew: %s of them were found added; with them, precision %s and recall %s." % (
              MIN_WORDS, add.get("tp", 0) + add.get("fn", 0), add.get("fp", 0) + add.get("tn", 0),
              _f(a30.get("precision")), _f(a30.get("recall")), _f(ar.get("precision")), _f(ar.get("recall")),
              MIN_WORDS, sh.get("fp", 0) + sh.get("tn", 0), sh.get("fp", 0) + sh.get("tp", 0),
              _f(aa.get("precision")), _f(aa.get("recall"))),
          "",
          "Copied sentences (pages with the right first source): %s of %s found in a `copied` span; "
          "%s of %s unchanged ones marked `exact`, %s of %s changed ones `near`; %s of %s substituted "
          "words inside a marked change." % (
              cs.get("found"), cs.get("total"), cs.get("exact_kind"), cs.get("exact_total"), cs.get("near_kind"),
              cs.get("near_total"), ch.get("marked"), ch.get("truth")),
          "",
          "The generator: %s indexed and %s never-indexed reference articles (split by sha256 of the id); "
          "%s sources eligible (%s with fewer than %d sentences and %s with a near-duplicate in the index "
          "left out); %s spin sentences; %.1f%% of copied words changed; %s never-indexed articles left out "
          "of the unrelated set because they share 5%% or more of their word 8-grams, or three or more of "
          "them, with an indexed one (real copied text). "
          "Reader check: %s pages whose canonical text or paragraph spans differ from the ground truth; "
          "CLI check: %s of %s pages give the same trace through `newssift trace query --json`." % (
              g.get("indexed"), g.get("not_indexed"), g.get("eligible_sources"), g.get("sources_too_short"),
              trace_gen.MIN_SOURCE_SENTENCES, g.get("sources_with_indexed_near_duplicate"), g.get("spin_pool"),
              100 * (g.get("changed_word_share") or 0), g.get("unrelated_with_real_overlap"),
              q.get("reader_span_mismatches"), _g(t, "cli_check", "same"), _g(t, "cli_check", "pages")),
          ""]
    un = q.get("unrelated") or {}
    if un.get("by_origin"):
        L += ["False matches by the unrelated article's origin: " + ", ".join(
            "%s %d of %d" % (k, v["false"], v["pages"]) for k, v in sorted(un["by_origin"].items())) +
            "; by the most word 8-grams it shares with any one indexed article (0-2 by construction): " +
            ", ".join("%s: %d of %d" % (k, v["false"], v["pages"])
                      for k, v in sorted((un.get("by_shared_8grams") or {}).items())) + ".", ""]
    if _g(q, "unrelated", "examples"):
        L += ["False matches (first ones): " + "; ".join(
            "%s -> %s (containment_page %s)" % (e["page"], e["source"], _f(e.get("containment_page"), "%.2f"))
            for e in q["unrelated"]["examples"][:5]), ""]
    # scale detail
    if s and "error" not in s:
        lay = s.get("layout", {})
        tables = ", ".join("%s %s" % (x["name"], _mb(x["bytes"])) for x in (lay.get("tables") or [])[:8])
        L += ["Scale: %s articles (%s reference, the rest recombined), %s of JSONL, %s of body text; built "
              "in %s s (%s articles/s, peak RSS %s). On disk: %s (index file %s, WAL %s); stored text %s "
              "(%s); per article: %s bytes in all, %s beyond the stored title and text (`trace stats` says %s "
              "beyond all the stored fields: id, url, title, date, outlet, text), %s beyond the body text. "
              "The target's figure counts as text the title and text columns as the index stores them "
              "(the sum of their length()), and everything else as index cost: postings, id, url, date, "
              "the id index, SQLite's record headers and page slack%s. dbstat: %s. Query latency over %s pages (%s copies of the quality set, %s unrelated pages) on "
              "one thread: each page's fastest of %d passes (the passes' own p50 / p99: %s ms); the trace "
              "alone (without reading the page): p50 %s ms, p99 %s ms; index open (not counted) %s ms. The "
              "%s copies of 30%%+ among these pages against the full index: recall@1 %s, source among the "
              "first %s %s; the recombined articles that hold runs of the same source sentences (often in a "
              "shorter article, so with a larger share of themselves copied) rightly compete for first "
              "place here, so this is not the recall target's figure." % (
                  "{:,}".format(s["articles"]), _g(s, "corpus", "reference"), _mb(_g(s, "corpus", "bytes")),
                  _mb(_g(s, "corpus", "text_bytes")), _f(_g(s, "build", "seconds"), "%.1f"), _f(rate, "%.0f"),
                  _mb(_g(s, "build", "peak_rss_bytes")),
                  _mb(sum((s.get("files") or {}).get(k, 0) for k in ("", "-wal"))),
                  _mb(_g(s, "files", "")), _mb(_g(s, "files", "-wal") or 0), _mb(_g(s, "stored_text", "bytes")),
                  ", ".join("%s.%s" % (c["table"], c["column"]) for c in (_g(s, "stored_text", "columns") or [])
                            if isinstance(c, dict) and c.get("text", True)) or "no text column",
                  _f(_g(s, "bytes_per_article", "total"), "%.0f"), _f(bpa, "%.0f"),
                  _f(_g(s, "stats", "overhead_per_article"), "%.0f"),
                  _f(_g(s, "bytes_per_article", "beyond_body_text"), "%.0f"), _breakdown(s), tables or "-",
                  _g(s, "latency", "pages"), _g(s, "latency_pages", "copies"), _g(s, "latency_pages", "unrelated"),
                  len(s.get("latency_passes") or []),
                  ", ".join("%.2f / %.2f" % (p["query_ms_p50"], p["query_ms_p99"]) for p in s.get("latency_passes") or []),
                  _f(_g(s, "latency", "trace_ms_p50"), "%.3f"), _f(_g(s, "latency", "trace_ms_p99"), "%.3f"),
                  _f(_g(s, "latency", "open_ms"), "%.1f"), s.get("recall_pages_at_scale"),
                  _f(s.get("recall_at_1_ge30_at_scale")), t.get("top_k"), _f(s.get("recall_at_k_ge30_at_scale"))), ""]
    elif s:
        L += ["Scale: failed (%s)." % s.get("error"), ""]
    # near-duplicates
    nd = t.get("near_duplicates", {})
    if nd and "error" not in nd:
        L += ["Real near-duplicates inside the data sets (reference.jsonl indexed, every reference article "
              "and every article of the article tasks that is not in it (the tasks' reliable articles of "
              "FA-KES, FakeNewsNet and Horne 2017 are reference articles under the same id) queried "
              "against it, its own id left out; buckets by the best other source's `containment_page`):", "",
              "| pages | n | with a source | >= 0.9 | 0.5-0.9 | 0.2-0.5 | < 0.2 |", "|---|---|---|---|---|---|---|"]
        for grp, v in sorted(nd.get("groups", {}).items()):
            b = v["by_containment_page"]
            L.append("| %s | %d | %d | %d | %d | %d | %d |" % (grp, v["pages"], v["with_match"], b["0.9"], b["0.5"],
                                                               b["0.2"], b["0.0"]))
        ex = nd.get("exact_8gram_check", {})
        uc = nd.get("unreliable_copying_reference", {})
        L += ["", "Independent check: %s ordered pairs of reference articles share half or more of the page's "
              "sampled word 8-grams; the engine reported %s of them. Unreliable task articles with a reference "
              "source: %s (%s holding half or more of their text)." % (
                  ex.get("pairs_share_ge_0.5"), ex.get("reported_by_engine"), uc.get("pages"),
                  uc.get("containment_page_ge_0.5")), "", "Examples:", ""]
        shown = []
        for e in (nd.get("examples") or [])[:12] + (uc.get("examples") or [])[:5]:
            if (e["group"], e["page"]) in shown:
                continue
            shown.append((e["group"], e["page"]))
            L.append("- `%s` (%s) -> `%s` (%s): containment_page %s, containment_source %s%s" % (
                e["page"], e["label_or_origin"] if e["group"] == "reference" else "%s, %s" % (
                    e["group"], e["label_or_origin"]), e["source"], e.get("source_origin"),
                _f(e.get("containment_page"), "%.2f"), _f(e.get("containment_source"), "%.2f"),
                ", attributed" if e.get("attributed") else ""))
        L.append("")
    elif nd:
        L += ["Near-duplicates: failed (%s)." % nd.get("error"), ""]
    return L


def _breakdown(s):
    """Where the bytes beyond the stored text go, per article, from dbstat and the columns."""
    n = s.get("articles") or 0
    tables = {x["name"]: x["bytes"] for x in _g(s, "layout", "tables") or []}
    cols = [c for c in _g(s, "stored_text", "columns") or [] if isinstance(c, dict)]
    if not n or not tables or not cols:
        return ""
    texts = [c for c in cols if c.get("text", True)]
    if not texts:
        return ""
    home = texts[0]["table"]    # the table that holds the article text
    text = sum(c["bytes"] for c in texts if c["table"] == home)
    other = [c for c in cols if not c.get("text", True) and c["bytes"] and c["table"] == home]
    art = tables.get(home, 0)
    parts = ["%s %.0f" % (name, b / n) for name, b in sorted(tables.items(), key=lambda kv: -kv[1])
             if name != home and b / n >= 1]
    return (" (per article: %s; in the %s table, %s, then %.0f of record headers, overflow chains and "
            "page slack)" % (", ".join(parts), home,
                             ", ".join("%s %.0f" % (c["column"], c["bytes"] / n) for c in other) or "no other column",
                             (art - text - sum(c["bytes"] for c in other)) / n))


def _mb(n):
    if n is None:
        return "-"
    return "%.1f MB" % (n / 1e6) if n < 1e9 else "%.2f GB" % (n / 1e9)
