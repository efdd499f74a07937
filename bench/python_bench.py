#!/usr/bin/python3
"""The `python` bench section: the Python package's per-page time in batch use against the CLI's.

Both analyse the same N JSON pages on one thread and produce each page's JSON report:
  - CLI:    `newssift analyze --format jsonl --threads 1 PAGES > /dev/null`
  - Python: a fresh /usr/bin/python3 that opens a newssift.Analyzer and calls `analyze(line)` (a dict)
            on every line of PAGES (and, as a second figure, `analyze_json(line)`, the report's text).
Each is timed as a whole process, and the same process on a one-page file is subtracted (interpreter
or program start, library and model load), so the figure is the per-page cost in a long batch. The
minimum over TRIALS interleaved runs is kept for each. Target: Python at most 10% over the CLI.

A second figure, not a target: newssift.dask.analyze_bag on a LocalCluster of two one-thread worker
processes against `analyze --format jsonl --threads 2`, pages a second, cluster start and the models'
first load excluded (a warm-up computation runs first).

Pages are recombined from real text of ../shared/data: an article of the article tasks' test splits
(its title, and its sentences regrouped into paragraphs) and ten real comments of the comment tasks,
about 5 KB each, as in the `analyze` section.

    /usr/bin/python3 bench/python_bench.py --newssift build/newssift [--pages 2000]   # standalone
"""

import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PKG = os.path.join(ROOT, "bindings", "python")
PAGES = 2000
TRIALS = 5
COMMENTS = 10


def make_pages(tasks_dir, path, n, seed=7):
    rng = random.Random(seed)
    arts, comments = [], []
    for t in sorted(os.listdir(tasks_dir)):
        f = os.path.join(tasks_dir, t, "test.jsonl")
        if not os.path.isfile(f) or t.endswith("-bysite"):
            continue
        with open(f, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        if t.startswith("articles-"):
            arts += [r for r in rows if isinstance(r.get("text"), str) and 1500 <= len(r["text"]) <= 6000]
        elif t.startswith("comments-"):
            comments += [r["text"] for r in rows if isinstance(r.get("text"), str)]
    if not arts or not comments:
        raise RuntimeError("no article or comment tasks in %s" % tasks_dir)
    total = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            a = rng.choice(arts)
            sents = a["text"].split(". ")
            k = max(1, len(sents) // 4)
            paras = [". ".join(sents[j:j + k]) for j in range(0, len(sents), k)]
            page = {"title": a.get("title") or None, "text": "\n\n".join(paras),
                    "comments": [{"author": "reader%d" % j, "text": rng.choice(comments)} for j in range(COMMENTS)]}
            line = json.dumps(page, ensure_ascii=False) + "\n"
            total += len(line.encode("utf-8"))
            f.write(line)
    return total


def _env(newssift):
    env = dict(os.environ)
    env["NEWSSIFT_LIB"] = os.path.join(os.path.dirname(os.path.abspath(newssift)), "libnewssift.so")
    env["PYTHONPATH"] = PKG + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _timed(cmd, env=None):
    """(wall seconds, CPU seconds user+sys) of a child process; the CPU figure is the steadier one on a
    machine shared with other work, since both sides here run on one thread."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), p.returncode, err.decode(errors="replace")[-300:]))
    return dt, ru.ru_utime + ru.ru_stime


def child(mode, pages):
    """The Python side of one timed run: a batch over the lines of pages, one thread."""
    import newssift
    a = newssift.Analyzer()
    one = a.analyze if mode == "dict" else a.analyze_json
    with open(pages, "rb") as f:
        for line in f:
            if line.strip():
                one(line, format="json")
    return 0


def _dask_rate(newssift, pages, n):
    """pages/s of analyze_bag on a two-worker LocalCluster, models already loaded on the workers
    (the median of 3 runs, every report brought back to the client)."""
    code = r"""
import sys, time, json
import dask.bag as db
from distributed import LocalCluster, Client
import newssift.dask as nd
pages = sys.argv[1]
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c):
    bag = db.read_text(pages, blocksize=256 << 10)
    nd.analyze_bag(bag, format="json", as_json=True).count().compute()   # warm-up: each worker loads
    runs = []
    for i in range(3):
        # a blocksize a few bytes off makes new task keys: the scheduler cannot hand back a result
        # it still holds from the previous run.  Every report is brought back to the client, and
        # the median run is kept: a lazy count was seen to return in milliseconds without the work.
        bag = db.read_text(pages, blocksize=(256 << 10) + i + 1)
        t0 = time.perf_counter()
        got = nd.analyze_bag(bag, format="json", as_json=True).compute()
        runs.append(time.perf_counter() - t0)
        assert len(got) == sum(1 for _ in open(pages)) and all(g.startswith("{") for g in got)
    runs.sort()
    print(json.dumps({"seconds": runs[1], "runs": runs, "partitions": bag.npartitions}))
"""
    p = subprocess.run([sys.executable, "-c", code, pages], capture_output=True, text=True, env=_env(newssift),
                       timeout=1800)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1][:300]}
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["pages_per_s"] = n / r["seconds"]
    return r


def measure(newssift, tasks_dir, work, n=PAGES, trials=TRIALS, with_dask=True, progress=None):
    os.makedirs(work, exist_ok=True)
    pages = os.path.join(work, "python-pages.jsonl")
    one = os.path.join(work, "python-pages.one.jsonl")
    size = make_pages(tasks_dir, pages, n)
    with open(pages, "rb") as f, open(one, "wb") as g:
        g.write(f.readline())
    env = _env(newssift)
    me = os.path.abspath(__file__)
    cmds = {
        "cli": lambda p: ([newssift, "analyze", "--format", "jsonl", "--threads", "1", p], None),
        "python_dict": lambda p: ([sys.executable, me, "--child", "dict", p], env),
        "python_json": lambda p: ([sys.executable, me, "--child", "json", p], env),
    }
    full = {k: [] for k in cmds}
    start = {k: [] for k in cmds}
    for t in range(trials):
        for k, mk in cmds.items():  # interleaved, so drifting load touches every side alike
            if progress:
                progress("python: trial %d/%d %s" % (t + 1, trials, k))
            full[k].append(_timed(*mk(pages)))
            start[k].append(_timed(*mk(one)))
    out = {"pages": n, "pages_file_bytes": size, "trials": trials, "method": "min over trials of the whole "
           "process on N pages minus min on one page (start and model load)"}
    for k in cmds:
        wall = min(w for w, _ in full[k]) - min(w for w, _ in start[k])
        cpu = min(c for _, c in full[k]) - min(c for _, c in start[k])
        out[k] = {"ms_per_page": 1000 * wall / (n - 1), "cpu_ms_per_page": 1000 * cpu / (n - 1),
                  "runs": full[k], "start_runs": start[k]}
    for k in ("python_dict", "python_json"):
        out[k]["overhead"] = out[k]["ms_per_page"] / out["cli"]["ms_per_page"] - 1
        out[k]["cpu_overhead"] = out[k]["cpu_ms_per_page"] / out["cli"]["cpu_ms_per_page"] - 1
    if with_dask:
        if progress:
            progress("python: dask LocalCluster, 2 workers")
        d = _dask_rate(newssift, pages, n)
        if "error" not in d:
            t2 = [_timed([newssift, "analyze", "--format", "jsonl", "--threads", "2", pages])[0] for _ in range(3)]
            t1 = min(w for w, _ in start["cli"])
            d["cli_threads_2_pages_per_s"] = n / max(min(t2) - t1, 1e-9)
        out["dask"] = d
    return out


def run_python(ctx):
    """bench/run.py's section."""
    prog = getattr(sys.modules.get("__main__"), "progress", None)
    return measure(ctx.newssift, ctx.data, ctx.work, progress=prog)


def md_python(results):
    p = (results.get("sections") or {}).get("python")
    if not p:
        return []
    L = ["## Python package (`bindings/python`)", ""]
    if "error" in p:
        return L + ["Error: %s" % p["error"], ""]
    c, d, j = p["cli"], p["python_dict"], p["python_json"]
    L += ["Per-page time in batch use, one thread, %d JSON pages of %.1f KB with %d comments recombined from "
          "real text of the tasks (%s; %d trials):" % (p["pages"], p["pages_file_bytes"] / p["pages"] / 1000,
                                                        COMMENTS, p["method"], p["trials"]), "",
          "| way | ms per page | over the CLI | CPU ms per page | over the CLI | target |",
          "|---|---:|---:|---:|---:|---:|",
          "| `newssift analyze --format jsonl --threads 1` | %.3f | | %.3f | | |" % (c["ms_per_page"],
                                                                                 c["cpu_ms_per_page"]),
          "| `Analyzer.analyze(line)` (a dict) | %.3f | %+.1f%% | %.3f | %+.1f%% | <= +10%% |" % (
              d["ms_per_page"], 100 * d["overhead"], d["cpu_ms_per_page"], 100 * d["cpu_overhead"]),
          "| `Analyzer.analyze_json(line)` (the JSON text) | %.3f | %+.1f%% | %.3f | %+.1f%% | |" % (
              j["ms_per_page"], 100 * j["overhead"], j["cpu_ms_per_page"], 100 * j["cpu_overhead"]),
          "", "Wall time counts waiting for the cores when other work runs; CPU time (user + system, of the "
          "one-thread process) does not, so on a busy machine it is the fairer comparison."]
    dk = p.get("dask")
    if dk:
        L.append("")
        if "error" in dk:
            L.append("Dask: %s" % dk["error"])
        else:
            L.append("`newssift.dask.analyze_bag` on a LocalCluster of 2 one-thread worker processes (%d partitions, "
                     "models already loaded): %.0f pages/s; `newssift analyze --format jsonl --threads 2`: %.0f "
                     "pages/s." % (dk["partitions"], dk["pages_per_s"], dk.get("cli_threads_2_pages_per_s", 0)))
    L.append("")
    return L


def main(argv):
    if len(argv) >= 3 and argv[0] == "--child":
        return child(argv[1], argv[2])
    import argparse
    ap = argparse.ArgumentParser(description="the python bench section on its own")
    ap.add_argument("--newssift", default=os.path.join(ROOT, "build", "newssift"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "tasks"))
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--pages", type=int, default=PAGES)
    ap.add_argument("--trials", type=int, default=TRIALS)
    ap.add_argument("--no-dask", action="store_true")
    a = ap.parse_args(argv)
    r = measure(os.path.abspath(a.newssift), a.data, a.work, a.pages, a.trials, not a.no_dask,
                progress=lambda m: sys.stderr.write(m + "\n") if sys.stderr.isatty() else None)
    print(json.dumps(r, indent=1))
    print("\n".join(md_python({"sections": {"python": r}})))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
