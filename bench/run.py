#!/usr/bin/python3
"""`make bench`: newssift against its peers, on every labelled task, plus article-text throughput.

    /usr/bin/python3 bench/run.py --newssift build/newssift [--data DIR] [--tasks a,b]
                                  [--no-peers] [--sections newssift,peers,corpus] ...

Writes bench/RESULTS.md, bench/results.json and bench/charts/*.svg; scratch files go to
bench/work/ (gitignored). Progress goes to stderr only when stderr is a terminal.
Exit status: 0, or 1 when newssift itself failed somewhere (what was measured is still
written), 2 on a usage error.

The run is a list of sections (SECTIONS, below). Each is a function `run_<name>(ctx)`
returning a JSON-able dict stored as results["sections"][name]; bench/report.py turns the
sections it knows into RESULTS.md and the charts. To add one (e.g. `analyze` page timing
or `trace` index figures): write `run_analyze(ctx)`, register it in SECTIONS, and add a
`md_analyze(results)` renderer to report.PARTS.

How each figure is measured is written into RESULTS.md by report.py (and the methods are
recorded in results.json), so the two stay together.
"""

import argparse
import datetime
import hashlib
import importlib.machinery
import importlib.util
import json
import random
import re
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import corpus  # noqa: E402
import metrics  # noqa: E402
import python_bench  # noqa: E402
import report  # noqa: E402
import serve_bench  # noqa: E402
import trace_bench  # noqa: E402

PEERS = ["sklearn-tfidf-lr", "fasttext-bigram", "fasttext-autotune"]
PEERS_RUN_HERE = ["sklearn-tfidf-lr", "fasttext-bigram"]   # autotune costs ~2 min a task: taken from ../shared
TRAIN_THREADS = 2
TRAIN_SEED = 1
PREDICT_TRIALS = 3
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
CORPUS_TASK = "articles-buzzfeed-webis"
FT_BIGRAM_ARGS = ["-wordNgrams", "2", "-epoch", "25", "-lr", "0.5", "-dim", "100", "-thread", "1",
                  "-seed", "0", "-verbose", "0"]


class BenchError(Exception):
    pass


class Ctx:
    def __init__(self, args):
        self.args = args
        self.newssift = None
        self.data = None            # tasks dir
        self.peers_dir = None
        self.work = None
        self.tasks = []
        self.settings = {}
        self.grid = []     # settings.json "_grid": candidate options, chosen per task on dev
        self.chosen = {}   # task -> options picked from the grid
        self.results = {}
        self.newssift_failed = False

    def rel(self, path):
        """A path as written into results: relative to the repository root, never absolute."""
        return os.path.relpath(os.path.abspath(path), ROOT)


def progress(msg):
    if sys.stderr.isatty():
        sys.stderr.write("bench: %s\n" % msg)
        sys.stderr.flush()


def warn(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


# ----------------------------------------------------------------------------- processes

def run_cmd(cmd, stdout=None, stdin=None, capture=False, env=None):
    """Run cmd; return dict(seconds, rc, peak_rss_bytes, stdout, stderr).

    Wall time is measured around the whole child; peak RSS comes from GNU time's %M when it is
    installed (os.wait4 would also count this python process's pre-exec pages)."""
    rss_file = None
    full = list(cmd)
    if GNU_TIME:
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        full = [GNU_TIME, "-f", "%M", "-o", rss_file] + full
    out_target = subprocess.PIPE if capture else (stdout if stdout is not None else subprocess.DEVNULL)
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=out_target, stderr=subprocess.PIPE, stdin=stdin or subprocess.DEVNULL,
                         env=env)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    rss = None
    if rss_file:
        try:
            with open(rss_file) as f:
                lines = [ln for ln in f.read().split("\n") if ln.strip()]
            # GNU time prints "Command exited with non-zero status N" before %M on failure
            rss = int(lines[-1].strip()) * 1024
        except (OSError, ValueError, IndexError):
            rss = None
        os.remove(rss_file)
    return {"seconds": wall, "rc": p.returncode, "peak_rss_bytes": rss,
            "stdout": out.decode("utf-8", "replace") if capture else None,
            "stderr": (err or b"").decode("utf-8", "replace")}


def _first_err(r):
    lines = [ln for ln in (r.get("stderr") or "").splitlines() if ln.strip() and not ln.startswith("Command exited")]
    return lines[-1][:300] if lines else ""


def check(r, what):
    if r["rc"] != 0:
        raise BenchError("%s failed (exit %s)%s" % (what, r["rc"], (": " + _first_err(r)) if _first_err(r) else ""))
    return r


def time_net(cmd_full, cmd_one, units):
    """Throughput of a command: min over PREDICT_TRIALS of the whole command, minus the min over
    as many runs of the same command on a one-document file (process start + model load).
    units: {"docs": n, "bytes": b} of the full input. Returns the figures as a dict."""
    full, one, rss = [], [], []
    for _ in range(PREDICT_TRIALS):
        r = check(run_cmd(cmd_full), "predict")
        full.append(r["seconds"])
        if r["peak_rss_bytes"]:
            rss.append(r["peak_rss_bytes"])
        r = check(run_cmd(cmd_one), "predict (one document)")
        one.append(r["seconds"])
    net = min(full) - min(one)
    spread = max(one) - min(one)
    reliable = net > 2 * spread and net > 0
    net = max(net, 1e-9)
    return {
        "seconds": net,
        "command_seconds_min": min(full),
        "load_seconds": min(one),
        "load_seconds_spread": spread,
        "reliable": reliable,
        "docs": units["docs"],
        "bytes": units["bytes"],
        "docs_per_s": units["docs"] / net,
        "mb_per_s": units["bytes"] / 1e6 / net,
        "peak_rss_bytes": max(rss) if rss else None,
        "trials": PREDICT_TRIALS,
    }


# ----------------------------------------------------------------------------- data helpers

def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as e:
                    raise BenchError("%s:%d: %s" % (path, n, e))
    return rows


def doc_text(r):
    t = r.get("title")
    x = r.get("text") or ""
    return (t + "\n" + x) if t else x


def doc_bytes(rows):
    return sum(len(doc_text(r).encode("utf-8")) for r in rows)


def repeat_file(src, dst, min_bytes, unit_bytes):
    """dst = src repeated ceil(min_bytes / unit_bytes) times; returns the repeat count."""
    rep = max(1, -(-int(min_bytes) // max(unit_bytes, 1)))
    with open(src, "rb") as f:
        body = f.read()
    if body and not body.endswith(b"\n"):
        body += b"\n"
    with open(dst, "wb") as f:
        for _ in range(rep):
            f.write(body)
    return rep


def first_line_file(src, dst):
    with open(src, "rb") as f:
        for line in f:
            if line.strip():
                break
    with open(dst, "wb") as f:
        f.write(line if line.endswith(b"\n") else line + b"\n")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def task_options(ctx, task):
    if task in ctx.chosen:
        return ctx.chosen[task]
    opt = ctx.settings.get(task)
    if opt is None:
        return []
    if isinstance(opt, str):
        return shlex.split(opt)
    if isinstance(opt, list) and all(isinstance(x, (str, int, float)) for x in opt):
        return [str(x) for x in opt]
    raise BenchError("bench/settings.json: %s: options must be a string or a list of strings" % task)


# ----------------------------------------------------------------------------- section: newssift

def parse_predictions(text, what):
    ids, preds = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            ids.append(str(r["id"]))
            preds.append(str(r["label"]))
            if not isinstance(r.get("probs"), dict):
                raise ValueError("no probs object")
        except (ValueError, KeyError, TypeError) as e:
            raise BenchError("%s: output line %d is not a prediction: %s" % (what, n, e))
    return ids, preds


def train_model(ctx, task, out, threads):
    tdir = os.path.join(ctx.data, task)
    cmd = [ctx.newssift, "train", os.path.join(tdir, "train.jsonl"), "--dev", os.path.join(tdir, "dev.jsonl"),
           "-o", out, "--threads", str(threads), "--seed", str(TRAIN_SEED)] + task_options(ctx, task)
    r = check(run_cmd(cmd, capture=True), "newssift train --threads %d" % threads)
    return r, cmd


def eval_json(ctx, model, path):
    r = check(run_cmd([ctx.newssift, "eval", "--model", model, path, "--json"], capture=True), "newssift eval")
    try:
        ev = json.loads(r["stdout"])
        float(ev["macro_f1"]), float(ev["accuracy"])
    except (ValueError, KeyError, TypeError) as e:
        raise BenchError("newssift eval --json: unexpected output (%s)" % e)
    return ev


def search_grid(ctx, task):
    """Like the peers' C search: each candidate of settings.json's "_grid" is trained
    (--threads 2) and the one with the best dev macro-F1 is kept (ties: the earlier)."""
    tdir = os.path.join(ctx.data, task)
    tried, best = [], None
    for k, opts in enumerate(ctx.grid):
        progress("%s: search %d/%d" % (task, k + 1, len(ctx.grid)))
        out = os.path.join(ctx.work, "%s.search%d.nsm" % (task, k))
        cmd = [ctx.newssift, "train", os.path.join(tdir, "train.jsonl"), "--dev", os.path.join(tdir, "dev.jsonl"),
               "-o", out, "--threads", "2", "--seed", str(TRAIN_SEED)] + opts
        r = check(run_cmd(cmd, capture=True), "newssift train (search)")
        m = re.search(r"dev macro-F1 ([0-9.]+)", r["stdout"] or "")
        f1 = float(m.group(1)) if m else -1.0
        tried.append({"options": " ".join(opts), "dev_macro_f1": f1, "seconds": r["seconds"]})
        if best is None or f1 > best[0] + 1e-9:
            best = (f1, opts)
        os.remove(out)
    ctx.chosen[task] = best[1]
    return {"tried": tried, "seconds": sum(t["seconds"] for t in tried), "chosen": " ".join(best[1])}


def bench_task(ctx, task):
    tdir = os.path.join(ctx.data, task)
    work = ctx.work
    test_path = os.path.join(tdir, "test.jsonl")
    test = read_jsonl(test_path)
    info = {"n_train": sum(1 for _ in read_jsonl(os.path.join(tdir, "train.jsonl"))),
            "n_dev": len(read_jsonl(os.path.join(tdir, "dev.jsonl"))),
            "n_test": len(test), "test_bytes": doc_bytes(test)}
    if ctx.grid and task not in ctx.settings:
        rec_search = search_grid(ctx, task)
    else:
        rec_search = None
    rec = {"task": task, "task_info": info, "options": task_options(ctx, task)}
    if rec_search:
        rec["search"] = rec_search
    model = os.path.join(work, task + ".nsm")
    model1 = os.path.join(work, task + ".threads1.nsm")

    progress("%s: train (--threads %d)" % (task, TRAIN_THREADS))
    r, cmd = train_model(ctx, task, model, TRAIN_THREADS)
    shown = ["newssift"] + [ctx.rel(c) if os.path.isabs(c) else c for c in cmd[1:]]
    rec["train"] = {"command": " ".join(shlex.quote(c) for c in shown),
                    "seconds": r["seconds"], "threads": TRAIN_THREADS, "peak_rss_bytes": r["peak_rss_bytes"],
                    "summary": (r["stdout"] or "").strip()}
    progress("%s: train (--threads 1)" % task)
    r1, _ = train_model(ctx, task, model1, 1)
    rec["train"]["seconds_1thread"] = r1["seconds"]
    rec["train"]["peak_rss_bytes_1thread"] = r1["peak_rss_bytes"]
    rec["model_bytes"] = os.path.getsize(model)
    rec["model_sha256"] = sha256(model)
    rec["train"]["same_bytes_1_and_2_threads"] = sha256(model1) == rec["model_sha256"]

    progress("%s: eval" % task)
    ev = eval_json(ctx, model, test_path)
    rec["eval_test"] = ev
    rec["test"] = {"macro_f1": float(ev["macro_f1"]), "accuracy": float(ev["accuracy"])}
    evd = eval_json(ctx, model, os.path.join(tdir, "dev.jsonl"))
    rec["dev"] = {"macro_f1": float(evd["macro_f1"]), "accuracy": float(evd["accuracy"])}

    # cross-check: macro-F1 recomputed from predict's own output
    r = check(run_cmd([ctx.newssift, "predict", "--model", model, test_path], capture=True), "newssift predict")
    ids, preds = parse_predictions(r["stdout"], "newssift predict")
    gold_ids = [str(x.get("id")) for x in test]
    if len(preds) != len(test):
        raise BenchError("newssift predict gave %d predictions for %d test documents" % (len(preds), len(test)))
    gold = [str(x["label"]) for x in test]
    re_ = metrics.summarize(gold, preds, len(test) < metrics.BOOTSTRAP_MAX_DOCS)
    re_["ids_in_input_order"] = ids == gold_ids
    re_["agrees_with_eval"] = abs(re_["macro_f1"] - rec["test"]["macro_f1"]) < 1e-6 and \
        abs(re_["accuracy"] - rec["test"]["accuracy"]) < 1e-6
    rec["recomputed"] = re_
    if not re_["agrees_with_eval"]:
        warn("%s: macro-F1 from predict output (%.6f) differs from eval --json (%.6f)" % (
            task, re_["macro_f1"], rec["test"]["macro_f1"]))
    if not re_["ids_in_input_order"]:
        warn("%s: predict output ids are not the test ids in input order" % task)
    with open(os.path.join(work, "predictions-%s.jsonl" % task), "w", encoding="utf-8") as f:
        for i, g, p in zip(gold_ids, gold, preds):
            f.write(json.dumps({"id": i, "label": g, "pred": p}, ensure_ascii=False) + "\n")

    progress("%s: predict throughput" % task)
    rep_path = os.path.join(work, "predict-%s.jsonl" % task)
    one_path = os.path.join(work, "predict-%s.one.jsonl" % task)
    rep = repeat_file(test_path, rep_path, ctx.args.predict_mb * 1e6, info["test_bytes"])
    first_line_file(test_path, one_path)
    base = [ctx.newssift, "predict", "--model", model]
    tp = time_net(base + [rep_path, "--threads", "1"], base + [one_path, "--threads", "1"],
                  {"docs": rep * len(test), "bytes": rep * info["test_bytes"]})
    tp["timing_repeat"] = rep
    rec["predict"] = tp
    os.remove(rep_path)
    return rec


START_RUNS = 41


def process_start(ctx):
    """Wall time of `newssift --version`: what every command pays before it reads a byte, and part
    of each train time below (the peers' fits are timed inside Python, without a process start)."""
    walls = []
    for _ in range(START_RUNS):  # not through run_cmd: GNU time's own start would be counted
        t0 = time.perf_counter()
        rc = subprocess.call([ctx.newssift, "--version"], stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        if rc:
            raise BenchError("newssift --version failed (exit %d)" % rc)
    walls.sort()
    return {"runs": START_RUNS, "median_seconds": walls[len(walls) // 2], "min_seconds": walls[0],
            "linked": sorted(os.path.basename(l.split()[0]) for l in
                             (run_cmd(["ldd", ctx.newssift], capture=True).get("stdout") or "").splitlines()
                             if l.strip())}


def run_newssift(ctx):
    out = {"train_threads": TRAIN_THREADS, "seed": TRAIN_SEED, "tasks": {}}
    progress("process start")
    out["process_start"] = process_start(ctx)
    for task in ctx.tasks:
        t0 = time.perf_counter()
        try:
            rec = bench_task(ctx, task)
        except (BenchError, OSError) as e:
            ctx.newssift_failed = True
            warn("%s: %s" % (task, e))
            rec = {"task": task, "error": str(e).replace(ROOT + os.sep, "")}
        rec["wall_seconds_total"] = time.perf_counter() - t0
        out["tasks"][task] = rec
        if "error" not in rec:
            progress("%s: macro-F1 %.4f, train %.2fs, %.0f docs/s, %.1f MB/s" % (
                task, rec["test"]["macro_f1"], rec["train"]["seconds"], rec["predict"]["docs_per_s"],
                rec["predict"]["mb_per_s"]))
        ctx.results["sections"]["newssift"] = out
        save_json(ctx)
    return out


# ----------------------------------------------------------------------------- section: peers

def load_peer_results(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    recs = {}
    for r in d.get("results", []):
        recs.setdefault(r["task"], {})[r["peer"]] = r
    return d.get("machine", {}), recs


def peer_record(ctx, task, peer, rec, origin, pred_dir):
    """The figures of one peer on one task, with macro-F1 recomputed from its predictions."""
    out = {"origin": origin}
    if rec is None:
        out["error"] = "no record"
        return out
    if "error" in rec:
        out["error"] = rec["error"]
        return out
    for k in ("test", "dev", "train_seconds", "search_seconds", "model_bytes", "hyperparameters",
              "train_peak_rss_bytes", "search_peak_rss_bytes"):
        if k in rec:
            out[k] = rec[k]
    p = rec.get("predict", {})
    out["predict"] = {k: p.get(k) for k in ("docs_per_s", "mb_per_s", "peak_rss_bytes", "reliable",
                                            "load_seconds", "timing_repeat", "seconds")}
    path = os.path.join(pred_dir, task, peer + ".jsonl")
    if os.path.isfile(path):
        ids, gold, pred = metrics.read_peer_predictions(path)
        s = metrics.summarize(gold, pred, len(gold) < metrics.BOOTSTRAP_MAX_DOCS)
        s["agrees_with_record"] = abs(s["macro_f1"] - rec["test"]["macro_f1"]) < 1e-6
        out["recomputed"] = s
    return out


def run_peers(ctx):
    shared_json = os.path.join(ctx.peers_dir, "results.json")
    shared_pred = os.path.join(ctx.peers_dir, "predictions")
    out = {"peers": PEERS, "shared_results": ctx.rel(shared_json)}
    shared_machine, shared = ({}, {})
    if os.path.isfile(shared_json):
        shared_machine, shared = load_peer_results(shared_json)
        out["shared_date"] = shared_machine.get("date")
        out["shared_machine"] = shared_machine
    here, here_machine = {}, {}
    ran = []
    if not ctx.args.no_peers:
        run_peers_bin = os.path.join(ctx.peers_dir, "run-peers")
        pdir = os.path.join(ctx.work, "peers")
        shutil.rmtree(pdir, ignore_errors=True)
        cmd = [run_peers_bin, ctx.data, pdir, "--peers", ",".join(PEERS_RUN_HERE), "--tasks", ",".join(ctx.tasks)]
        progress("peers: %s (a few minutes)" % " ".join(PEERS_RUN_HERE))
        t0 = time.perf_counter()
        # inherit stderr: run-peers prints its progress only when that is a terminal, errors always
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL)
        out["run_peers_exit"] = p.returncode
        out["run_peers_seconds"] = time.perf_counter() - t0
        if p.returncode != 0:
            warn("run-peers exited with status %d" % p.returncode)
        if os.path.isfile(os.path.join(pdir, "results.json")):
            here_machine, here = load_peer_results(os.path.join(pdir, "results.json"))
            out["this_run_machine"] = here_machine
            ran = PEERS_RUN_HERE
    out["ran_in_this_run"] = ran
    recs = {}
    for task in ctx.tasks:
        recs[task] = {}
        for peer in PEERS:
            if peer in ran:
                rec = here.get(task, {}).get(peer)
                if rec is not None and "error" not in rec:
                    recs[task][peer] = peer_record(ctx, task, peer, rec, "this run",
                                                   os.path.join(ctx.work, "peers", "predictions"))
                    continue
                origin = "shared results.json (this run failed: %s)" % (
                    rec.get("error", "no record") if rec else "no record")
            else:
                origin = "shared results.json"
            recs[task][peer] = peer_record(ctx, task, peer, shared.get(task, {}).get(peer), origin, shared_pred)
    out["tasks"] = recs
    return out


# ----------------------------------------------------------------------------- section: corpus

def load_run_peers_module(ctx):
    """run-peers itself, imported, so fastText sees exactly the preprocessing of the peers run."""
    path = os.path.join(ctx.peers_dir, "run-peers")
    try:
        loader = importlib.machinery.SourceFileLoader("run_peers", path)
        spec = importlib.util.spec_from_loader("run_peers", loader)
        mod = importlib.util.module_from_spec(spec)
        loader.exec_module(mod)
        mod.ft_preprocess  # noqa: B018
        return mod
    except (OSError, ImportError, AttributeError, SyntaxError):
        return None


def corpus_fasttext(ctx, corpus_path, info, one_path_ns):
    """fastText bigram (run-peers' settings) trained on CORPUS_TASK, predicting the corpus."""
    rp = load_run_peers_module(ctx)
    if rp is None:
        return {"skipped": "cannot import ../shared/peers/run-peers for its preprocessing"}
    ft = shutil.which("fasttext")
    if ft is None:
        return {"skipped": "the fasttext CLI is not on PATH"}
    work = ctx.work
    tdir = os.path.join(ctx.data, CORPUS_TASK)
    tr = read_jsonl(os.path.join(tdir, "train.jsonl"))
    labels = [str(r["label"]) for r in tr]
    classes = sorted(set(labels))
    lmap = {c: i for i, c in enumerate(classes)}
    train_txt = os.path.join(work, "ft-corpus-train.txt")
    rp.ft_write(train_txt, [doc_text(r) for r in tr], labels, lmap)
    prefix = os.path.join(work, "ft-corpus-bigram")
    progress("corpus: fastText bigram training on %s" % CORPUS_TASK)
    r = check(run_cmd([ft, "supervised", "-input", train_txt, "-output", prefix] + FT_BIGRAM_ARGS),
              "fasttext supervised")
    model = prefix + ".bin"
    res = {"model": "fasttext-bigram (run-peers' fixed settings) trained on %s train" % CORPUS_TASK,
           "train_seconds": r["seconds"], "model_bytes": os.path.getsize(model)}
    try:
        progress("corpus: fastText preprocessing")
        ft_in = os.path.join(work, "corpus.ft.txt")
        t0 = time.perf_counter()
        with open(corpus_path, encoding="utf-8") as fi, open(ft_in, "w", encoding="utf-8") as fo:
            for line in fi:
                if line.strip():
                    fo.write(rp.ft_preprocess(doc_text(json.loads(line))) + "\n")
        res["preprocess_seconds"] = time.perf_counter() - t0
        one = os.path.join(work, "corpus.ft.one.txt")
        first_line_file(ft_in, one)
        progress("corpus: fastText predict")
        tp = time_net([ft, "predict-prob", model, ft_in, "1"], [ft, "predict-prob", model, one, "1"],
                      {"docs": info["docs"], "bytes": info["bytes"]})
        res["predict"] = tp
        os.remove(ft_in)
    finally:
        for p in (model, prefix + ".vec", train_txt):
            if os.path.exists(p):
                os.remove(p)
    return res


def run_corpus(ctx):
    work = ctx.work
    path = os.path.join(work, "corpus.jsonl")
    progress("corpus: generating %.0f MB" % ctx.args.corpus_mb)
    t0 = time.perf_counter()
    info = corpus.generate(path, ctx.data, ctx.args.corpus_mb, ctx.args.corpus_seed)
    info["generate_seconds"] = time.perf_counter() - t0
    info["path"] = ctx.rel(path)
    out = {"corpus": info, "model_task": CORPUS_TASK}
    model = os.path.join(work, CORPUS_TASK + ".nsm")
    ns = ctx.results["sections"].get("newssift", {}).get("tasks", {}).get(CORPUS_TASK)
    if not ns or "error" in ns or not os.path.isfile(model):
        if not os.path.isdir(os.path.join(ctx.data, CORPUS_TASK)):
            out["error"] = "task %s not found" % CORPUS_TASK
            return out
        progress("corpus: training the %s model" % CORPUS_TASK)
        try:
            train_model(ctx, CORPUS_TASK, model, TRAIN_THREADS)
        except BenchError as e:
            ctx.newssift_failed = True
            out["error"] = str(e)
            return out
    out["model_bytes"] = os.path.getsize(model)
    one = os.path.join(work, "corpus.one.jsonl")
    first_line_file(path, one)
    out["newssift"] = {}
    for threads in (1, 2):
        progress("corpus: newssift predict --threads %d" % threads)
        base = [ctx.newssift, "predict", "--model", model]
        try:
            tp = time_net(base + [path, "--threads", str(threads)], base + [one, "--threads", str(threads)],
                          {"docs": info["docs"], "bytes": info["bytes"]})
        except BenchError as e:
            ctx.newssift_failed = True
            out["newssift"]["threads_%d" % threads] = {"error": str(e)}
            continue
        tp["threads"] = threads
        tp["mb_per_s_per_core"] = tp["mb_per_s"] / threads
        out["newssift"]["threads_%d" % threads] = tp
    if ctx.args.no_fasttext_corpus:
        out["fasttext"] = {"skipped": "--no-fasttext-corpus"}
    else:
        try:
            out["fasttext"] = corpus_fasttext(ctx, path, info, one)
        except (BenchError, OSError) as e:
            warn("corpus: fastText: %s" % e)
            out["fasttext"] = {"error": str(e)}
    return out


# ----------------------------------------------------------------------------- section: analyze

COMMENT_TASKS = {"comments-davidson": {}, "comments-hateval": {"offensive": "ok"},
                 "comments-olid": {"hate": "offensive"}, "comments-stormfront": {"offensive": "ok"}}


def make_pages(ctx, path, n, seed=1):
    """n JSON pages of about 5 KB with 10 comments: the example page's article and its three
    comments, plus seven real comments drawn from the comment tasks' test splits."""
    rng = random.Random(seed)
    page = json.load(open(os.path.join(ROOT, "examples", "syria-page.json"), encoding="utf-8"))
    pool = []
    for t in sorted(COMMENT_TASKS):
        f = os.path.join(ctx.data, t, "test.jsonl")
        if os.path.isfile(f):
            pool += [d["text"] for d in read_jsonl(f)]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            q = dict(page)
            q["comments"] = list(page["comments"]) + [
                {"author": "reader%d" % j, "text": rng.choice(pool)} for j in range(7)]
            f.write(json.dumps(q, ensure_ascii=False) + "\n")


def run_analyze(ctx):
    """The analyze targets: one 5 KB page with 10 comments per ms on one core, all models loaded
    in 20 ms, batches scaling to both cores; and the bundled comment model on each comment task."""
    out = {}
    timer = os.path.join(os.path.dirname(ctx.newssift), "analyze_timer")
    models = os.path.join(ROOT, "models")
    pages = os.path.join(ctx.work, "pages-5k.jsonl")
    make_pages(ctx, pages, 2000)
    out["pages_file_bytes"] = os.path.getsize(pages)
    if os.path.isfile(timer):
        progress("analyze: per-page timing")
        r = check(run_cmd([timer, models, pages], capture=True), "analyze_timer")
        out["library"] = json.loads(r["stdout"])
    else:
        out["library"] = {"error": "%s not built (make %s)" % (ctx.rel(timer), ctx.rel(timer))}
    one = os.path.join(ctx.work, "pages-5k.one.jsonl")
    first_line_file(pages, one)
    out["batch"] = {}
    for threads in (1, 2):
        progress("analyze: batch --threads %d" % threads)
        base = [ctx.newssift, "analyze", "--format", "jsonl", "--threads", str(threads)]
        tp = time_net(base + [pages], base + [one], {"docs": 2000, "bytes": out["pages_file_bytes"]})
        out["batch"]["threads_%d" % threads] = tp
    b1, b2 = out["batch"]["threads_1"], out["batch"]["threads_2"]
    out["batch"]["scaling"] = b2["docs_per_s"] / b1["docs_per_s"]
    out["comment_model"] = {}
    for t, mapping in sorted(COMMENT_TASKS.items()):
        test = os.path.join(ctx.data, t, "test.jsonl")
        if not os.path.isfile(test):
            continue
        progress("analyze: comment model on %s" % t)
        r = check(run_cmd([ctx.newssift, "predict", "--model", os.path.join(models, "comment.nsm"), test],
                          capture=True), "predict comment model")
        _, preds = parse_predictions(r["stdout"], "predict comment model")
        gold = [str(d["label"]) for d in read_jsonl(test)]
        preds = [mapping.get(p, p) for p in preds]
        out["comment_model"][t] = metrics.summarize(gold, preds, len(gold) < metrics.BOOTSTRAP_MAX_DOCS)
    progress("analyze: page readers on generated pages")
    t0 = time.perf_counter()
    r = run_cmd([sys.executable, os.path.join(HERE, "page_readers.py"), "--newssift", ctx.newssift,
                 "--data", os.path.dirname(ctx.data), "--pages", "200", "--seed", "1",
                 "--work", os.path.join(ctx.work, "page-readers")], capture=True)
    out["page_readers"] = ({"markdown": r["stdout"], "pages": 200, "seed": 1,
                            "seconds": time.perf_counter() - t0} if r["rc"] == 0
                           else {"error": (r.get("stderr") or "failed")[-300:]})
    return out


# ----------------------------------------------------------------------------- registry

# (name, function, what it measures). Order matters: `corpus` reuses the model trained by
# `newssift`. Later issues add e.g. ("analyze", run_analyze, ...) and ("trace", run_trace, ...).
SECTIONS = [
    ("newssift", run_newssift, "train / eval / predict on every task"),
    ("peers", run_peers, "sklearn and fastText on the same tasks"),
    ("corpus", run_corpus, "predict throughput on a generated article corpus"),
    ("analyze", run_analyze, "page analysis speed, model load, batch scaling, the bundled comment model"),
    ("trace", trace_bench.run_trace, "provenance quality, real near-duplicates, index scale (bench/trace_bench.py)"),
    ("serve", serve_bench.run_serve, "newssift serve under wrk: requests/s, latency, errors, memory"),
    ("python", python_bench.run_python, "the Python package's per-page time against the CLI's; Dask"),
]


# ----------------------------------------------------------------------------- machine, output

def machine_info(ctx):
    cpu = "unknown"
    mem = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    version = None
    try:
        r = subprocess.run([ctx.newssift, "--version"], capture_output=True, text=True, timeout=30)
        version = (r.stdout.strip() or r.stderr.strip()).splitlines()[0] if r.returncode == 0 else None
    except (OSError, IndexError, subprocess.TimeoutExpired):
        pass
    ftv = None
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "fasttext"], capture_output=True, text=True)
        ftv = r.stdout.strip() or None
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu,
        "mem_total_bytes": mem,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "fasttext": ftv,
        "newssift_version": version,
        "rss_method": "GNU time %M" if GNU_TIME else "not measured (/usr/bin/time missing)",
        "loadavg_at_start": loadavg(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def loadavg():
    """The 1, 5 and 15 minute load averages: other work on the machine skews every timing."""
    try:
        with open("/proc/loadavg") as f:
            return [float(x) for x in f.read().split()[:3]]
    except (OSError, ValueError):
        return None


def git_commit():
    try:
        r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        # the bench's own outputs, rewritten as it goes, are not changes to what it measures
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":(exclude)bench/results.json", ":(exclude)bench/RESULTS.md",
                                ":(exclude)bench/charts"], capture_output=True, text=True).stdout.strip()
        return r.stdout.strip() + ("+changes" if dirty else "") if r.returncode == 0 else None
    except OSError:
        return None


def save_json(ctx):
    path = os.path.join(ctx.args.out_dir, "results.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(ctx.results, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def discover_tasks(data, wanted):
    def complete(t):
        return all(os.path.isfile(os.path.join(data, t, s + ".jsonl")) for s in ("train", "dev", "test"))
    if wanted:
        tasks = [t.strip() for t in wanted.split(",") if t.strip()]
        bad = [t for t in tasks if not complete(t)]
        if bad:
            raise BenchError("no train/dev/test.jsonl for task(s): %s" % ", ".join(bad))
        return tasks
    return sorted(t for t in os.listdir(data) if complete(t))


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="bench/run.py", description="newssift benchmark (make bench)")
    ap.add_argument("--newssift", default=os.path.join(ROOT, "build", "newssift"), help="the newssift binary")
    ap.add_argument("--data", help="tasks folder (default: ../shared/data/tasks from the repository root)")
    ap.add_argument("--peers-dir", help="folder of run-peers and its results.json (default: ../shared/peers)")
    ap.add_argument("--tasks", help="comma-separated task names (default: every task folder)")
    ap.add_argument("--no-peers", action="store_true",
                    help="do not run the peers; take every peer figure from ../shared/peers/results.json")
    ap.add_argument("--merge", action="store_true",
                    help="keep the sections of the existing results.json that this run does not measure "
                         "(RESULTS.md then says when and at which commit each section was measured)")
    ap.add_argument("--sections", default=",".join(n for n, _, _ in SECTIONS),
                    help="comma-separated sections to run (default: %(default)s)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="scratch folder (default: bench/work)")
    ap.add_argument("--out-dir", default=HERE, help="where RESULTS.md, results.json, charts/ go (default: bench/)")
    ap.add_argument("--predict-mb", type=float, default=16.0,
                    help="repeat each test split to at least this many MB for predict timing (default 16)")
    ap.add_argument("--corpus-mb", type=float, default=100.0, help="generated corpus size (default 100)")
    ap.add_argument("--corpus-seed", type=int, default=1)
    ap.add_argument("--trace-articles", type=int, default=1000000,
                    help="articles in the trace scale index (default 1,000,000)")
    ap.add_argument("--no-fasttext-corpus", action="store_true",
                    help="skip fastText's predict on the generated corpus (it trains an 800 MB model)")
    ap.add_argument("--serve-seconds", type=int, default=20, help="serve: the main wrk run (default 20)")
    ap.add_argument("--serve-long-seconds", type=int, default=120,
                    help="serve: the long run that watches memory (default 120; 0 skips it)")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    ctx = Ctx(args)
    ctx.data = os.path.abspath(args.data or os.path.join(ROOT, "..", "shared", "data", "tasks"))
    ctx.peers_dir = os.path.abspath(args.peers_dir or os.path.join(ROOT, "..", "shared", "peers"))
    if not os.path.isdir(ctx.data):
        print("bench: no task data at %s; nothing to benchmark (pass --data DIR)." % ctx.data)
        return 0
    known = [n for n, _, _ in SECTIONS]
    wanted = [s.strip() for s in args.sections.split(",") if s.strip()]
    bad = [s for s in wanted if s not in known]
    if bad:
        print("bench/run.py: unknown section(s): %s (known: %s)" % (", ".join(bad), ", ".join(known)),
              file=sys.stderr)
        return 2
    ctx.newssift = os.path.abspath(args.newssift)
    if not os.access(ctx.newssift, os.X_OK):
        print("bench/run.py: %s is not an executable (run make first)" % args.newssift, file=sys.stderr)
        return 1
    try:
        ctx.tasks = discover_tasks(ctx.data, args.tasks)
        settings_path = os.path.join(HERE, "settings.json")
        if os.path.isfile(settings_path):
            with open(settings_path, encoding="utf-8") as f:
                raw = json.load(f)
                ctx.settings = {k: v for k, v in raw.items() if not k.startswith("_")}
                ctx.grid = [shlex.split(g) for g in raw.get("_grid", [])]
    except (BenchError, ValueError) as e:
        print("bench/run.py: %s" % e, file=sys.stderr)
        return 2
    ctx.work = os.path.abspath(args.work)
    os.makedirs(ctx.work, exist_ok=True)
    os.makedirs(args.out_dir, exist_ok=True)
    t0 = time.perf_counter()
    ctx.results = {
        "schema": 1,
        "machine": machine_info(ctx),
        "data": ctx.rel(ctx.data),
        "tasks": ctx.tasks,
        "settings": {t: task_options(ctx, t) for t in ctx.tasks if t in ctx.settings},
        "no_peers": bool(args.no_peers),
        "predict_min_mb": args.predict_mb,
        "bootstrap": {"resamples": metrics.BOOTSTRAP_RESAMPLES, "seed": metrics.BOOTSTRAP_SEED,
                      "below_docs": metrics.BOOTSTRAP_MAX_DOCS, "level": 0.95},
        "sections": {},
        "section_runs": {},
    }
    prev_path = os.path.join(args.out_dir, "results.json")
    if args.merge and os.path.isfile(prev_path):
        with open(prev_path, encoding="utf-8") as f:
            prev = json.load(f)
        for name, sec in (prev.get("sections") or {}).items():
            if name not in wanted:
                ctx.results["sections"][name] = sec
                run = (prev.get("section_runs") or {}).get(name) or {
                    "date": (prev.get("machine") or {}).get("date"), "commit": None}
                ctx.results["section_runs"][name] = dict(run, merged=True)
                la = (prev.get("loadavg_at_section_start") or {}).get(name)
                if la:
                    ctx.results.setdefault("loadavg_at_section_start", {})[name] = la
    try:
        for name, fn, _ in SECTIONS:
            if name not in wanted:
                continue
            ctx.results.setdefault("loadavg_at_section_start", {})[name] = loadavg()
            ctx.results["section_runs"][name] = {
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": git_commit()}
            try:
                ctx.results["sections"][name] = fn(ctx)
            except (BenchError, OSError) as e:
                warn("%s: %s" % (name, e))
                ctx.results["sections"][name] = {"error": str(e)}
                if name in ("newssift", "corpus"):
                    ctx.newssift_failed = True
            save_json(ctx)
    finally:
        ctx.results["wall_seconds_total"] = time.perf_counter() - t0
        ctx.results["loadavg_at_end"] = loadavg()
        ctx.results["summary"] = report.summarize(ctx.results)
        save_json(ctx)
        report.write_all(ctx.results, args.out_dir)
        progress("wrote %s" % os.path.relpath(os.path.join(args.out_dir, "RESULTS.md")))
    return 1 if ctx.newssift_failed else 0


if __name__ == "__main__":
    sys.exit(main())
