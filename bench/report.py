"""bench/RESULTS.md and bench/charts/*.svg from the results dict of bench/run.py.

summarize(results) derives the ratios and the targets (stored in results.json too);
write_all(results, out_dir) writes RESULTS.md and the charts. RESULTS.md is assembled from
PARTS, one function per part; a new bench section adds its renderer there.
"""

import math
import os

import python_bench  # noqa: E402
import serve_bench  # noqa: E402
import svg
from trace_bench import md_trace

SYSTEMS = ["newssift", "sklearn-tfidf-lr", "fasttext-bigram", "fasttext-autotune"]
PEERS = SYSTEMS[1:]
COLORS = {"newssift": "#0072B2", "newssift (1 thread)": "#56B4E9", "sklearn-tfidf-lr": "#E69F00",
          "fasttext-bigram": "#009E73", "fasttext-autotune": "#CC79A7"}

# Targets (MB = 10^6 bytes everywhere in the bench, as in the peers' figures).
T_TRAIN_VS_FT = 10.0
T_TRAIN_VS_SK = 5.0
T_PREDICT_VS_FT = 3.0
T_MBS_PER_CORE = 50.0
T_MODEL_BYTES = 5e6
T_RSS_BYTES = 50e6


# ----------------------------------------------------------------------------- formatting

def fmt_bytes(n):
    if n is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1000.0


def fmt_s(x):
    if x is None:
        return "-"
    if x < 0.1:
        return "%.3f" % x
    if x < 10:
        return "%.2f" % x
    return "%.1f" % x


def fmt_ratio(x):
    if x is None:
        return "-"
    if x >= 100:
        return "%.0fx" % x
    if x >= 10:
        return "%.1fx" % x
    return "%.2fx" % x


def fmt_rate(x, digits=0):
    if x is None:
        return "-"
    return ("%%.%df" % digits) % x


def f4(x):
    return "-" if x is None else "%.4f" % x


def _get(d, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _scored_f1(rec):
    """Test macro-F1 as metrics.summarize computes it from the system's own predictions (the
    same arithmetic for newssift and every peer, so equal predictions compare equal), else
    the system's recorded figure."""
    return (rec.get("recomputed") or {}).get("macro_f1", rec["test"]["macro_f1"])


def _ok(r):
    return isinstance(r, dict) and "error" not in r and r.get("test") is not None


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def _geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


# ----------------------------------------------------------------------------- summary

def task_systems(results, task):
    """{system: record} for one task; newssift's record is reshaped like a peer's."""
    out = {}
    ns = _get(results, "sections", "newssift", "tasks", task)
    if ns is not None:
        out["newssift"] = ns
    peers = _get(results, "sections", "peers", "tasks", task) or {}
    for p in PEERS:
        if p in peers:
            out[p] = peers[p]
    return out


def summarize(results):
    tasks = results.get("tasks", [])
    rows = []
    for task in tasks:
        s = task_systems(results, task)
        ns = s.get("newssift")
        row = {"task": task}
        peers_ok = {p: s[p] for p in PEERS if _ok(s.get(p))}
        if peers_ok:
            best = max(peers_ok, key=lambda p: (_scored_f1(peers_ok[p]), -PEERS.index(p)))
            row["best_peer"] = best
            row["best_peer_macro_f1"] = _scored_f1(peers_ok[best])
        if _ok(ns):
            row["macro_f1"] = _scored_f1(ns)
            if "best_peer" in row:
                row["macro_f1_delta"] = row["macro_f1"] - row["best_peer_macro_f1"]
            t1 = _get(ns, "train", "seconds_1thread")
            t2 = _get(ns, "train", "seconds")
            ft = peers_ok.get("fasttext-bigram")
            sk = peers_ok.get("sklearn-tfidf-lr")
            row["train_speedup_vs_fasttext_bigram"] = _ratio(_get(ft, "train_seconds"), t1)
            row["train_speedup_vs_fasttext_bigram_2threads"] = _ratio(_get(ft, "train_seconds"), t2)
            row["train_speedup_vs_sklearn"] = _ratio(_get(sk, "train_seconds"), t1)
            row["train_speedup_vs_sklearn_2threads"] = _ratio(_get(sk, "train_seconds"), t2)
            row["predict_speedup_vs_fasttext_bigram"] = _ratio(_get(ns, "predict", "docs_per_s"),
                                                               _get(ft, "predict", "docs_per_s"))
            row["predict_mb_per_s"] = _get(ns, "predict", "mb_per_s")
            row["model_bytes"] = ns.get("model_bytes")
            row["predict_peak_rss_bytes"] = _get(ns, "predict", "peak_rss_bytes")
        else:
            row["error"] = (ns or {}).get("error", "not run")
        rows.append(row)

    corpus = _get(results, "sections", "corpus") or {}
    c1 = _get(corpus, "newssift", "threads_1")
    c2 = _get(corpus, "newssift", "threads_2")
    cft = _get(corpus, "fasttext", "predict")
    corpus_sum = {
        "mb_per_s_1thread": _get(c1, "mb_per_s"),
        "mb_per_s_2threads": _get(c2, "mb_per_s"),
        "mb_per_s_per_core_2threads": _get(c2, "mb_per_s_per_core"),
        "fasttext_bigram_mb_per_s": _get(cft, "mb_per_s"),
        "speedup_vs_fasttext_bigram": _ratio(_get(c1, "mb_per_s"), _get(cft, "mb_per_s")),
        "peak_rss_bytes": max([x for x in (_get(c1, "peak_rss_bytes"), _get(c2, "peak_rss_bytes")) if x] or [0])
        or None,
    }

    def all_met(key, pred):
        vals = [(r["task"], r.get(key)) for r in rows if "error" not in r]
        have = [(t, v) for t, v in vals if v is not None]
        if not have:
            return None, [], 0
        missed = [t for t, v in have if not pred(v)]
        return not missed, missed, len(have)

    targets = []

    def add(name, met, detail, missed=(), n=0):
        targets.append({"target": name, "met": met, "detail": detail, "missed_tasks": list(missed), "tasks": n})

    met, missed, n = all_met("macro_f1_delta", lambda d: d >= 0)
    add("test macro-F1 >= best peer on every task", met,
        "met on %d of %d tasks" % (n - len(missed), n) if n else "no comparable task", missed, n)
    for key, thr, what in (("train_speedup_vs_fasttext_bigram", T_TRAIN_VS_FT, "fasttext-bigram"),
                           ("train_speedup_vs_sklearn", T_TRAIN_VS_SK, "sklearn-tfidf-lr")):
        met, missed, n = all_met(key, lambda v, thr=thr: v >= thr)
        vals = [r.get(key) for r in rows if r.get(key) is not None]
        add("train >= %gx faster than %s (newssift --threads 1)" % (thr, what), met,
            ("met on %d of %d tasks; min %s, geometric mean %s" % (n - len(missed), n, fmt_ratio(min(vals)),
                                                            fmt_ratio(_geomean(vals)))) if vals else "not measured",
            missed, n)
    met, missed, n = all_met("predict_speedup_vs_fasttext_bigram", lambda v: v >= T_PREDICT_VS_FT)
    vals = [r.get("predict_speedup_vs_fasttext_bigram") for r in rows
            if r.get("predict_speedup_vs_fasttext_bigram") is not None]
    add("predict >= %gx fasttext-bigram throughput (test splits, 1 thread each)" % T_PREDICT_VS_FT, met,
        ("met on %d of %d tasks; min %s, geometric mean %s" % (n - len(missed), n, fmt_ratio(min(vals)),
                                                        fmt_ratio(_geomean(vals)))) if vals else "not measured",
        missed, n)
    sp = corpus_sum["speedup_vs_fasttext_bigram"]
    add("predict >= %gx fasttext-bigram throughput on the generated article corpus" % T_PREDICT_VS_FT,
        None if sp is None else sp >= T_PREDICT_VS_FT,
        "fastText was not run on the corpus" if sp is None else "%s (%.1f vs %.1f MB/s)" % (
            fmt_ratio(sp), corpus_sum["mb_per_s_1thread"], corpus_sum["fasttext_bigram_mb_per_s"]))
    m1 = corpus_sum["mb_per_s_1thread"]
    add("predict >= %g MB/s per core on article text (generated corpus, --threads 1)" % T_MBS_PER_CORE,
        None if m1 is None else m1 >= T_MBS_PER_CORE,
        "the corpus was not measured" if m1 is None else "%.1f MB/s with 1 thread; %s MB/s per core with 2 threads" % (
            m1, fmt_rate(corpus_sum["mb_per_s_per_core_2threads"], 1)))
    met, missed, n = all_met("model_bytes", lambda v: v <= T_MODEL_BYTES)
    vals = [r.get("model_bytes") for r in rows if r.get("model_bytes") is not None]
    add("model <= 5 MB", met, ("met on %d of %d tasks; largest %s" % (n - len(missed), n, fmt_bytes(max(vals))))
        if vals else "not measured", missed, n)
    met, missed, n = all_met("predict_peak_rss_bytes", lambda v: v <= T_RSS_BYTES)
    vals = [r.get("predict_peak_rss_bytes") for r in rows if r.get("predict_peak_rss_bytes") is not None]
    crss = corpus_sum["peak_rss_bytes"]
    if crss is not None:
        met = (met is not False) and crss <= T_RSS_BYTES
    add("predict peak RSS <= 50 MB", met,
        ("met on %d of %d tasks, largest %s" % (n - len(missed), n, fmt_bytes(max(vals))) if vals else "tasks not measured")
        + ("; generated corpus %s" % fmt_bytes(crss) if crss else ""), missed, n)
    return {"tasks": rows, "corpus": corpus_sum, "targets": targets}


# ----------------------------------------------------------------------------- markdown parts

def md_header(results):
    m = results.get("machine", {})
    peers = _get(results, "sections", "peers") or {}
    L = ["# newssift benchmark", "",
         "Written by `make bench` (`bench/run.py`); every figure below comes from that run unless this "
         "page says otherwise. Do not edit by hand: rerun `make bench`.", ""]
    L.append("- machine: %s cores, %s, %s RAM, %s" % (m.get("cores"), m.get("cpu_model"),
                                                        fmt_bytes(m.get("mem_total_bytes")), m.get("os")))
    L.append("- date: %s" % m.get("date"))
    runs = results.get("section_runs") or {}
    if any(r.get("merged") for r in runs.values()):
        L.append("- sections were measured in separate runs (`bench/run.py --merge`): %s" % "; ".join(
            "%s %s at `%s`" % (k, r.get("date"), r.get("commit") or "?") for k, r in runs.items()))
    L.append("- newssift: `%s`" % (m.get("newssift_version") or "version unknown"))
    pm = peers.get("this_run_machine") or peers.get("shared_machine") or {}
    L.append("- peers: scikit-learn %s (numpy %s, scipy %s), fastText %s, Python %s" % (
        pm.get("sklearn", "?"), pm.get("numpy", "?"), pm.get("scipy", "?"), m.get("fasttext"), m.get("python")))
    nt = len(results.get("tasks", []))
    L.append("- data: `%s`, %d task%s; bench wall time %s s" % (
        results.get("data"), nt, "" if nt == 1 else "s", fmt_s(results.get("wall_seconds_total"))))
    la = m.get("loadavg_at_start")
    if la:
        busy = la[0] > 0.5 * (m.get("cores") or 1)
        per = results.get("loadavg_at_section_start") or {}
        L.append("- 1-minute load average at the start of the bench: %.2f%s%s" % (
            la[0], "".join("; of section %s: %.2f" % (k, v[0]) for k, v in per.items() if v),
            "; **the machine was busy with other work when the bench started, so its timings are pessimistic "
            "and noisier than on an idle machine**" if busy else ""))
    searched = {t: r["search"] for t, r in (_get(results, "sections", "newssift", "tasks") or {}).items()
                if isinstance(r, dict) and "search" in r}
    if searched:
        any_ = next(iter(searched.values()))
        L.append("- per-task training options: chosen on dev macro-F1 from the grid of bench/settings.json "
                 "(%s), as the peers choose C: every candidate trained, the best kept; **train s is the final "
                 "fit at the chosen options only**, the search time is in results.json. Chosen: %s" % (
                     "; ".join("`%s`" % t["options"] for t in any_["tried"]),
                     "; ".join("%s: `%s`" % (t, r["chosen"]) for t, r in sorted(searched.items()))))
    elif results.get("settings"):
        L.append("- per-task training options (bench/settings.json): " + "; ".join(
            "%s: `%s`" % (t, " ".join(o)) for t, o in sorted(results["settings"].items())))
    else:
        L.append("- per-task training options: none (bench/settings.json is empty): every task is trained with "
                 "the defaults")
    L.append("")
    if peers and "tasks" in peers:
        sd = peers.get("shared_date") or "undated"
        sm = peers.get("shared_machine") or {}
        if sm and (sm.get("cpu_model"), sm.get("cores")) != (m.get("cpu_model"), m.get("cores")):
            sd += "; measured on another machine: %s cores, %s, so its speed figures compare only roughly" % (
                sm.get("cores"), sm.get("cpu_model"))
        L.append("**Where the peer figures come from.** ")
        if results.get("no_peers"):
            L.append("This run was made with `--no-peers`: **no peer was run**. Every peer figure "
                     "(sklearn-tfidf-lr, fasttext-bigram, fasttext-autotune) is copied from "
                     "`%s` (dated %s); newssift was measured now, the peers then." % (peers.get("shared_results"), sd))
        else:
            ran = peers.get("ran_in_this_run") or []
            if ran:
                L.append("%s were run in this run by `../shared/peers/run-peers` (same machine, right after "
                         "newssift; %s s). fasttext-autotune was not rerun (its 120 s search per task costs "
                         "~30 minutes in all): its figures are copied from `%s` (dated %s)." % (
                             " and ".join(ran), fmt_s(peers.get("run_peers_seconds")),
                             peers.get("shared_results"), sd))
            else:
                L.append("run-peers failed in this run (exit %s): every peer figure is copied from `%s` "
                         "(dated %s)." % (peers.get("run_peers_exit"), peers.get("shared_results"), sd))
            fall = sorted({"%s/%s" % (t, p) for t, d in peers["tasks"].items() for p, r in d.items()
                           if "this run failed" in r.get("origin", "")})
            if fall:
                L.append("These records failed in this run and fall back to the shared file: %s." % ", ".join(fall))
        L.append("")
    return L


def md_targets(results):
    S = results.get("summary", {})
    L = ["## Targets", ""]
    for t in S.get("targets", []):
        mark = {True: "**met**", False: "**missed**", None: "not measured"}[t["met"]]
        extra = ""
        if t["met"] is False and t.get("missed_tasks"):
            extra = " (missed on: %s)" % ", ".join(t["missed_tasks"])
        L.append("- %s: %s: %s%s" % (t["target"], mark, t["detail"], extra))
    L.append("")
    return L


def md_summary(results):
    S = results.get("summary", {})
    L = ["## Summary", "",
         "Ratios are peer time / newssift time (higher is better for newssift). Training: newssift "
         "`--threads 1` against the peers' single-threaded fits (fasttext-bigram `-thread 1`, sklearn's saga); "
         "the `--threads 2` ratio is in brackets. Predict: docs/s on the same test split, one thread each.", "",
         "| task | newssift macro-F1 | best peer | best peer macro-F1 | F1 delta | train vs fasttext-bigram "
         "| train vs sklearn | predict vs fasttext-bigram | newssift MB/s | model size | predict peak RSS |",
         "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in S.get("tasks", []):
        if "error" in r:
            L.append("| %s | error: %s | %s | %s | | | | | | | |" % (
                r["task"], _cell(r["error"]), r.get("best_peer", "-"), f4(r.get("best_peer_macro_f1"))))
            continue
        d = r.get("macro_f1_delta")
        L.append("| %s | %s | %s | %s | %s | %s (%s) | %s (%s) | %s | %s | %s | %s |" % (
            r["task"], f4(r.get("macro_f1")), r.get("best_peer", "-"), f4(r.get("best_peer_macro_f1")),
            "-" if d is None else "%+.4f" % d,
            fmt_ratio(r.get("train_speedup_vs_fasttext_bigram")),
            fmt_ratio(r.get("train_speedup_vs_fasttext_bigram_2threads")),
            fmt_ratio(r.get("train_speedup_vs_sklearn")), fmt_ratio(r.get("train_speedup_vs_sklearn_2threads")),
            fmt_ratio(r.get("predict_speedup_vs_fasttext_bigram")), fmt_rate(r.get("predict_mb_per_s"), 1),
            fmt_bytes(r.get("model_bytes")), fmt_bytes(r.get("predict_peak_rss_bytes"))))
    L.append("")
    ps = _get(results, "sections", "newssift", "process_start")
    if ps and "median_seconds" in ps:
        L += ["Process start (`newssift --version`, %d runs): median %.1f ms, min %.1f ms, with %d shared "
              "libraries loaded (libmicrohttpd is opened only by `serve`). It is part of every newssift train "
              "and eval time above; the peers' fits are timed inside Python." % (
                  ps["runs"], ps["median_seconds"] * 1e3, ps["min_seconds"] * 1e3, len(ps.get("linked", []))), ""]
    return L


def md_corpus(results):
    c = _get(results, "sections", "corpus")
    if not c:
        return []
    L = ["## Throughput on article text (generated corpus)", ""]
    info = c.get("corpus", {})
    if info:
        L.append("`bench/corpus.py` (seed %s) wrote %s articles, %.1f MB of title + \"\\n\" + text (%.1f MB of JSONL) "
                 "in %s s, recombined from the paragraphs and sentences of %d real articles (the `articles-*` "
                 "tasks without the `-bysite` copies, and `news/articles/reference.jsonl`, deduplicated by text): "
                 "lengths drawn from the real articles, titles from other real articles, no random words. "
                 "Model: the `%s` model of this run (%s)." % (
                     info.get("seed"), format(info.get("docs", 0), ","), info.get("bytes", 0) / 1e6,
                     info.get("file_bytes", 0) / 1e6, fmt_s(info.get("generate_seconds")),
                     info.get("source_articles", 0), c.get("model_task"), fmt_bytes(c.get("model_bytes"))))
        L.append("")
    if "error" in c:
        L.append("Error: %s" % c["error"])
        L.append("")
        return L
    L.append("| system | threads | docs/s | MB/s | MB/s per core | load s | peak RSS |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for k in ("threads_1", "threads_2"):
        t = _get(c, "newssift", k)
        if t is None:
            continue
        if "error" in t:
            L.append("| newssift | %s | error: %s | | | | |" % (k[-1], _cell(t["error"])))
            continue
        L.append("| newssift | %d | %.0f%s | %.1f | %.1f | %s | %s |" % (
            t["threads"], t["docs_per_s"], "" if t["reliable"] else " (noisy)", t["mb_per_s"],
            t["mb_per_s_per_core"], fmt_s(t["load_seconds"]), fmt_bytes(t["peak_rss_bytes"])))
    ft = c.get("fasttext") or {}
    if "predict" in ft:
        t = ft["predict"]
        L.append("| fasttext-bigram | 1 | %.0f%s | %.1f | %.1f | %s | %s |" % (
            t["docs_per_s"], "" if t["reliable"] else " (noisy)", t["mb_per_s"], t["mb_per_s"],
            fmt_s(t["load_seconds"]), fmt_bytes(t["peak_rss_bytes"])))
        L.append("")
        L.append("fastText: %s (%s, trained in %s s); its figure excludes the Python preprocessing of "
                 "run-peers (lowercasing, punctuation split: %s s for the corpus, not counted) and its model "
                 "load, while newssift's includes reading and parsing the JSONL." % (
                     ft.get("model"), fmt_bytes(ft.get("model_bytes")), fmt_s(ft.get("train_seconds")),
                     fmt_s(ft.get("preprocess_seconds"))))
    else:
        L.append("")
        L.append("fastText was not measured on the corpus: %s." % (ft.get("skipped") or ft.get("error") or "skipped"))
    L.append("")
    return L


def md_charts(results):
    names = [("f1", "Test macro-F1 per task"), ("predict-mbs", "Predict MB/s (log scale)"),
             ("train-seconds", "Training seconds (log scale)"), ("model-size", "Model size (log scale)"),
             ("predict-rss", "Predict peak RSS (log scale)"), ("corpus-throughput", "Article-corpus throughput")]
    L = ["## Charts", ""]
    for n, t in names:
        if n in results.get("_charts", []):
            L.append("![%s](charts/%s.svg)" % (t, n))
            L.append("")
    return L if len(L) > 2 else []


def _cell(s):
    return str(s).replace("|", "/").replace("\n", " ")[:200]


def md_tasks(results):
    L = ["## Per task", "",
         "Test macro-F1 has its bootstrap 95%% interval in brackets where the test split has fewer than "
         "%d documents (%d resamples, fixed seed; computed here from each system's test predictions). "
         "newssift's train s is `--threads 2` with the `--threads 1` time after the slash; sklearn-tfidf-lr and "
         "fasttext-bigram train on one thread, fasttext-autotune's refit on two." % (
             _get(results, "bootstrap", "below_docs") or 500, _get(results, "bootstrap", "resamples") or 1000), ""]
    for task in results.get("tasks", []):
        s = task_systems(results, task)
        ns = s.get("newssift") or {}
        info = ns.get("task_info") or {}
        L.append("### %s" % task)
        L.append("")
        if info:
            L.append("%d train / %d dev / %d test docs, %.2f MB test text%s" % (
                info["n_train"], info["n_dev"], info["n_test"], info["test_bytes"] / 1e6,
                ("; options `%s`" % " ".join(ns["options"])) if ns.get("options") else ""))
            L.append("")
        L.append("| system | test macro-F1 | test acc | dev macro-F1 | train s | predict docs/s | predict MB/s "
                 "| model size | predict peak RSS | figures from |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for sysname in SYSTEMS:
            r = s.get(sysname)
            if r is None:
                continue
            origin = "this run" if sysname == "newssift" else r.get("origin", "")
            if "error" in r:
                L.append("| %s | error: %s | | | | | | | | %s |" % (sysname, _cell(r["error"]), origin))
                continue
            f1 = f4(r["test"]["macro_f1"])
            ci = _get(r, "recomputed", "macro_f1_ci95")
            if ci:
                f1 += " [%.3f, %.3f]" % (ci[0], ci[1])
            if sysname == "newssift":
                tr = "%s / %s" % (fmt_s(_get(r, "train", "seconds")), fmt_s(_get(r, "train", "seconds_1thread")))
            else:
                tr = fmt_s(r.get("train_seconds"))
            p = r.get("predict") or {}
            noisy = "" if p.get("reliable", True) is not False else " (noisy)"
            L.append("| %s | %s | %s | %s | %s | %s%s | %s%s | %s | %s | %s |" % (
                sysname, f1, f4(r["test"]["accuracy"]), f4(_get(r, "dev", "macro_f1")), tr,
                fmt_rate(p.get("docs_per_s")), noisy, fmt_rate(p.get("mb_per_s"), 2), noisy,
                fmt_bytes(r.get("model_bytes")), fmt_bytes(p.get("peak_rss_bytes")), origin))
        checks = []
        rc = ns.get("recomputed") or {}
        if rc and not rc.get("agrees_with_eval", True):
            checks.append("newssift's macro-F1 recomputed from `predict` (%.4f) differs from `eval --json`" % rc["macro_f1"])
        if rc and not rc.get("ids_in_input_order", True):
            checks.append("newssift predict's ids are not the test ids in input order")
        for p in PEERS:
            pr = s.get(p) or {}
            if pr.get("recomputed") and not pr["recomputed"].get("agrees_with_record", True):
                checks.append("%s: macro-F1 recomputed from its predictions (%.4f) differs from its record"
                              % (p, pr["recomputed"]["macro_f1"]))
        if ns.get("train") and ns["train"].get("same_bytes_1_and_2_threads") is False:
            checks.append("the `--threads 1` and `--threads 2` models differ in bytes (allowed: only the same "
                          "thread count must give the same bytes)")
        L.append("")
        for c in checks:
            L.append("- note: %s" % c)
        if checks:
            L.append("")
    return L


def md_method(results):
    mb = results.get("predict_min_mb", 16)
    return ["## How the figures are measured", "",
            "- **macro-F1** is the mean F1 over the labels present in gold or predictions (sklearn's "
            "`f1_score(average='macro', zero_division=0)`), on test; dev macro-F1 the same on dev. newssift's "
            "comes from `newssift eval --json` and is recomputed here from `newssift predict`'s output as a "
            "cross-check (a mismatch is noted under the task's table); the peers' from their predictions files.",
            "- **train s**: wall time of the whole `newssift train TRAIN --dev DEV -o MODEL --seed %s` command "
            "(reading, training, early stopping and calibration on dev, writing the model), with `--threads 2` "
            "and again with `--threads 1`. Peers: their final fit only (the peers' README)." %
            (_get(results, "sections", "newssift", "seed") or 1),
            "- **predict docs/s, MB/s**: `newssift predict --model M FILE --threads 1 > /dev/null` on the test "
            "split repeated until it holds >= %g MB of text, as a whole command (reading and parsing the JSONL "
            "included), minus the same command on a one-line file (process start and model load); each the "
            "minimum of 3 runs. MB = 10^6 bytes of title + \"\\n\" + text in UTF-8, the bytes the peers count. "
            "\"(noisy)\" marks a net time not above twice the spread of the load-time runs." % mb,
            "- **model size**: bytes of the model file. **predict peak RSS**: GNU time's %M of the predict "
            "process over the timed runs (newssift: on the repeated test file; peers: as in their README).",
            "- MB means 10^6 bytes throughout (targets too: 5 MB = 5,000,000 bytes).", ""]


def md_analyze(results):
    a = _get(results, "sections", "analyze")
    if not a:
        return []
    L = ["## Page analysis (`newssift analyze`)", ""]
    if "error" in a:
        return L + ["Error: %s" % a["error"], ""]
    lib = a.get("library", {})
    if "error" in lib:
        L.append("Library timing: %s" % lib["error"])
    else:
        L.append("Library, one thread (`bench/analyze_timer.c`: ns_analyze + the JSON report per page, "
                 "%d pages of %.1f KB with 10 comments each, built from the example page's article and real "
                 "comments of the comment tasks):" % (lib["pages"], lib["mean_page_bytes"] / 1000))
        L.append("")
        L.append("| figure | value | target |")
        L.append("|---|---:|---:|")
        L.append("| page, median | %.3f ms | <= 1 ms |" % lib["page_ms_median"])
        L.append("| page, p99 | %.3f ms | |" % lib["page_ms_p99"])
        L.append("| all models loaded (median of 7) | %.1f ms | <= 20 ms |" % lib["load_ms_median"])
    b = a.get("batch", {})
    if b:
        L.append("")
        L.append("Batch (`newssift analyze --format jsonl`, process start and model load subtracted): "
                 "%.0f pages/s on 1 thread, %.0f on 2 threads: %.2fx." % (
                     b["threads_1"]["docs_per_s"], b["threads_2"]["docs_per_s"], b["scaling"]))
    cm = a.get("comment_model", {})
    if cm:
        peers = _get(results, "sections", "peers", "tasks") or {}
        L += ["", "The bundled comment model (`models/comment.nsm`, one model for all communities) on each "
              "comment task's test split, its predictions mapped to the task's labels; the peers were each "
              "trained on that task alone:", "",
              "| task | n | newssift macro-F1 | best peer macro-F1 | met |", "|---|---:|---:|---:|---|"]
        for t, m in sorted(cm.items()):
            best = None
            for peer, r in (peers.get(t) or {}).items() if isinstance(peers.get(t), dict) else []:
                f = _get(r, "test", "macro_f1")
                if isinstance(f, (int, float)) and (best is None or f > best[0]):
                    best = (f, peer)
            L.append("| %s | %d | %.4f | %s | %s |" % (t, m.get("n", 0), m["macro_f1"],
                     "%.4f (%s)" % best if best else "-", "yes" if best and m["macro_f1"] >= best[0] else
                     ("no" if best else "-")))
    pr = a.get("page_readers", {})
    if pr.get("markdown"):
        L += ["", "The page readers (`bench/page_readers.py`, %d s): real articles with real comments of the "
              "comment tasks, written as text in six comment layouts, as JSON and as HTML in eight news-site "
              "themes (`bench/html_themes.py`) and ten comment markups (`bench/comment_markups.py`), read back by `newssift analyze`; a check is right when what is read equals what was written (white space "
              "folded). %s" % (pr.get("seconds", 0), pr["markdown"].strip())]
    elif pr.get("error"):
        L += ["", "Page readers: %s" % pr["error"]]
    L.append("")
    return L


PARTS = [md_header, md_targets, md_summary, md_corpus, md_analyze, md_trace, serve_bench.md_serve,
         python_bench.md_python, md_charts, md_tasks, md_method]


# ----------------------------------------------------------------------------- charts

def _series(results, tasks, getter, with_ci=False):
    out = []
    for sysname in SYSTEMS:
        vals, errs = [], []
        for t in tasks:
            r = task_systems(results, t).get(sysname)
            v = getter(sysname, r) if _ok(r) else None
            vals.append(v)
            errs.append(_get(r, "recomputed", "macro_f1_ci95") if (with_ci and _ok(r)) else None)
        if any(v is not None for v in vals):
            s = {"name": sysname, "values": vals, "color": COLORS[sysname]}
            if with_ci:
                s["errors"] = errs
            out.append(s)
    return out


def _tick_bytes(t):
    return fmt_bytes(t).replace(".0 ", " ")


def write_charts(results, out_dir):
    cdir = os.path.join(out_dir, "charts")
    os.makedirs(cdir, exist_ok=True)
    tasks = results.get("tasks", [])
    made = []

    def emit(name, doc):
        with open(os.path.join(cdir, name + ".svg"), "w", encoding="utf-8") as f:
            f.write(doc)
        made.append(name)

    if tasks:
        ser = _series(results, tasks, lambda s, r: r["test"]["macro_f1"], with_ci=True)
        if ser:
            emit("f1", svg.hbar_chart("Test macro-F1 per task", tasks, ser, xlabel="test macro-F1 (higher is better)",
                                      xmin=0, xmax=1, fmt=lambda v: "%.3f" % v,
                                      subtitle="whiskers: bootstrap 95% interval (test splits under 500 docs)"))
        ser = _series(results, tasks, lambda s, r: _get(r, "predict", "mb_per_s"))
        if ser:
            emit("predict-mbs", svg.hbar_chart(
                "Predict throughput, one thread (test splits)", tasks, ser, log=True,
                xlabel="MB/s of title + text (log scale, higher is better)", fmt=lambda v: "%.3g" % v,
                targets=[(T_MBS_PER_CORE, "50 MB/s")]))

        def train_getter(s, r):
            return _get(r, "train", "seconds") if s == "newssift" else r.get("train_seconds")
        ser = _series(results, tasks, train_getter)
        one = [(_get(task_systems(results, t).get("newssift"), "train", "seconds_1thread")) for t in tasks]
        if ser and any(v is not None for v in one):
            ser[0]["name"] = "newssift (2 threads)"
            ser.insert(1, {"name": "newssift (1 thread)", "values": one, "color": COLORS["newssift (1 thread)"]})
        if ser:
            emit("train-seconds", svg.hbar_chart(
                "Training time", tasks, ser, log=True, xlabel="seconds, final fit (log scale, lower is better)",
                fmt=lambda v: "%.3g s" % v))
        ser = _series(results, tasks, lambda s, r: r.get("model_bytes"))
        if ser:
            emit("model-size", svg.hbar_chart(
                "Model size", tasks, ser, log=True, xlabel="model file size (log scale, lower is better)",
                fmt=fmt_bytes, tick_fmt=_tick_bytes, targets=[(T_MODEL_BYTES, "5 MB")]))
        ser = _series(results, tasks, lambda s, r: _get(r, "predict", "peak_rss_bytes"))
        if ser:
            emit("predict-rss", svg.hbar_chart(
                "Predict peak RSS", tasks, ser, log=True, xlabel="peak resident memory of predict (log scale, lower is better)",
                fmt=fmt_bytes, tick_fmt=_tick_bytes, targets=[(T_RSS_BYTES, "50 MB")]))
    c = _get(results, "sections", "corpus") or {}
    cats, vals, cols = [], [], []
    for k, label in (("threads_1", "newssift, 1 thread"), ("threads_2", "newssift, 2 threads")):
        v = _get(c, "newssift", k, "mb_per_s")
        if v is not None:
            cats.append(label)
            vals.append(v)
            cols.append(COLORS["newssift (1 thread)"] if k == "threads_1" else COLORS["newssift"])
    fv = _get(c, "fasttext", "predict", "mb_per_s")
    if fv is not None:
        cats.append("fasttext-bigram, 1 thread")
        vals.append(fv)
        cols.append(COLORS["fasttext-bigram"])
    if vals:
        emit("corpus-throughput", svg.hbar_chart(
            "Predict throughput on %.0f MB of generated article text" % ((_get(c, "corpus", "bytes") or 0) / 1e6),
            cats, [{"name": "MB/s", "values": vals, "color": COLORS["newssift"],
                    "colors": cols}],
            xlabel="MB/s (higher is better)", fmt=lambda v: "%.1f MB/s" % v, legend=False,
            targets=[(T_MBS_PER_CORE, "50 MB/s per core")]))
    return made


def write_all(results, out_dir):
    results["_charts"] = write_charts(results, out_dir)
    L = []
    for part in PARTS:
        L.extend(part(results))
    del results["_charts"]
    path = os.path.join(out_dir, "RESULTS.md")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(L).rstrip("\n") + "\n")
    os.replace(tmp, path)
    return path
