"""The `serve` bench section: `newssift serve` under load on loopback.

    /usr/bin/python3 bench/run.py --sections serve                   # from make bench
    /usr/bin/python3 bench/serve_bench.py --newssift build/newssift --seconds 20 --long-seconds 600

The issue's targets: at least 5,000 POST /v1/analyze a second for 2 KB pages at 64 concurrent
connections on two cores, p99 at most 20 ms, zero errors, memory flat over one million
requests. The load generator is wrk (Debian's package) driven by a Lua script that cycles through
1,000 distinct 2 KB JSON pages; without wrk the section says so and measures nothing. wrk runs on
the same machine as the server and takes its share of the same two cores: the figures are for
server and load generator together, which understates what the server alone would do.

Pages are recombined from real text (`make_pages`): a title from one real article, paragraphs
of others (bench/corpus.py's reader), one donor after another, and one or two real comments from the comment
tasks' test splits, filled to 2,048 bytes of JSON and cut at a word.

Measured: a warm-up run, then the main run (requests/s, p50/p90/p99 latency from wrk's
histogram, errors: socket errors plus non-2xx answers), then a long run for memory: the server's
RSS (VmRSS from /proc) sampled every few seconds against the requests answered so far (from the
server's own /metrics), so growth per million requests can be read off. Also the library alone on
the same pages (build/analyze_timer, one thread): the ceiling a server on N cores could reach.
"""

import argparse
import http.client
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import corpus  # noqa: E402

PAGE_BYTES = 2048
N_PAGES = 1000
CONNECTIONS = 64
COMMENT_TASKS = ["comments-davidson", "comments-hateval", "comments-olid", "comments-stormfront"]

LUA = r"""
-- cycles through the pages of PAGES (one JSON page a line), a different start per thread
local pages = {}
for line in io.lines("%(pages)s") do pages[#pages + 1] = line end
local i = 0
local counter = 0
function setup(thread)
  thread:set("start", counter * 97)
  counter = counter + 1
end
function init(args)
  i = start or 0
end
function request()
  i = i %% #pages + 1
  return wrk.format("POST", "/v1/analyze", {["Content-Type"] = "application/json"}, pages[i])
end
function done(summary, latency, requests)
  io.write(string.format(
    "WRKJSON {\"requests\": %%d, \"duration_us\": %%d, \"bytes\": %%d, \"connect\": %%d, \"read\": %%d, " ..
    "\"write\": %%d, \"status\": %%d, \"timeout\": %%d, \"p50_us\": %%d, \"p90_us\": %%d, \"p99_us\": %%d, " ..
    "\"max_us\": %%d, \"mean_us\": %%.1f}\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def progress(msg):
    if sys.stderr.isatty():
        sys.stderr.write("bench: serve: %s\n" % msg)
        sys.stderr.flush()


def _cut(text, limit):
    """text cut to at most limit UTF-8 bytes, at a word boundary."""
    b = text.encode("utf-8")
    if len(b) <= limit:
        return text
    t = b[:limit].decode("utf-8", "ignore")
    sp = t.rfind(" ")
    return t[:sp] if sp > limit // 2 else t


def make_pages(tasks_dir, path, n=N_PAGES, size=PAGE_BYTES, seed=1):
    """n JSON pages of `size` bytes (JSON, UTF-8), one a line, recombined from real articles
    and real comments. Deterministic for a seed."""
    rnd = random.Random(seed)
    arts = corpus.load_articles(corpus.source_files(tasks_dir), seed)
    if not arts:
        raise FileNotFoundError("no article sources under %s" % tasks_dir)
    titles = [a[0] for a in arts if a[0]]
    comments = []
    for t in COMMENT_TASKS:
        f = os.path.join(tasks_dir, t, "test.jsonl")
        if os.path.isfile(f):
            with open(f, encoding="utf-8") as fh:
                comments += [json.loads(ln)["text"] for ln in fh if ln.strip()]
    comments = [c for c in comments if 20 <= len(c.encode("utf-8")) <= 300]
    tmp = path + ".tmp"
    sizes = []
    with open(tmp, "w", encoding="utf-8") as out:
        for i in range(n):
            page = {"url": None, "title": titles[rnd.randrange(len(titles))] if titles else "",
                    "text": "", "comments": []}
            for k in range(rnd.randint(1, 2) if comments else 0):
                page["comments"].append({"author": "reader%d" % (k + 1), "text": comments[rnd.randrange(len(comments))]})
            room = size - len(json.dumps(page, ensure_ascii=False).encode("utf-8"))
            body = []
            # paragraphs of one donor article after another until the page is full
            paras = (p for _ in range(50) for p in arts[rnd.randrange(len(arts))][1])
            for p in paras:
                enc = json.dumps("\n\n".join(body + [p]), ensure_ascii=False).encode("utf-8")
                if len(enc) - 2 > room:
                    # fill what is left with the start of this paragraph, cut at a word
                    left = room - (len(json.dumps("\n\n".join(body), ensure_ascii=False).encode("utf-8")) - 2) - 2
                    if left > 40:
                        body.append(_cut(p, left))
                    break
                body.append(p)
            page["text"] = "\n\n".join(body)
            # JSON escapes can push a cut over the size: trim words until it fits
            while len(json.dumps(page, ensure_ascii=False).encode("utf-8")) > size and " " in page["text"]:
                page["text"] = page["text"].rsplit(" ", 1)[0]
            line = json.dumps(page, ensure_ascii=False)
            sizes.append(len(line.encode("utf-8")))
            out.write(line + "\n")
    os.replace(tmp, path)
    return {"pages": n, "mean_bytes": sum(sizes) / len(sizes), "min_bytes": min(sizes), "max_bytes": max(sizes),
            "seed": seed}


# ----------------------------------------------------------------------------- the server

class Server:
    def __init__(self, newssift, threads):
        self.proc = subprocess.Popen([newssift, "serve", "--port", "0", "--threads", str(threads)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        line = self.proc.stderr.readline().decode("utf-8", "replace")
        m = re.search(r"listening on http://[^ ]*:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("newssift serve did not start: %s" % line.strip())
        self.port = int(m.group(1))
        self.url = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()

    def rss(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return None

    def cpu_seconds(self):
        """utime + stime of the server so far."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def metric(self, name):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request("GET", "/metrics")
        text = c.getresponse().read().decode()
        c.close()
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name):
                total += float(line.split()[-1])
        return total

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def wrk(wrk_bin, url, lua, seconds, threads, connections=CONNECTIONS, server=None):
    """One wrk run; with server, also the CPU time both used (to tell what the pair would do on
    cores of their own when the machine is shared)."""
    cpu0 = server.cpu_seconds() if server else None
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([wrk_bin, "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--timeout", "10s",
                        "-s", lua, url + "/v1/analyze"], capture_output=True, text=True)
    m = re.search(r"^WRKJSON (.*)$", r.stdout, re.M)
    if r.returncode != 0 or not m:
        raise RuntimeError("wrk failed (exit %d): %s" % (r.returncode, (r.stderr or r.stdout)[-500:]))
    d = json.loads(m.group(1))
    d["seconds"] = d["duration_us"] / 1e6
    d["requests_per_s"] = d["requests"] / d["seconds"]
    d["errors"] = d["connect"] + d["read"] + d["write"] + d["status"] + d["timeout"]
    for k in ("p50", "p90", "p99", "max"):
        d[k + "_ms"] = d.pop(k + "_us") / 1000.0
    d["threads"] = threads
    d["connections"] = connections
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    d["wrk_cpu_s"] = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if server:
        d["server_cpu_s"] = server.cpu_seconds() - cpu0
        n = max(d["requests"], 1)
        d["server_cpu_ms_per_request"] = d["server_cpu_s"] * 1000 / n
        d["wrk_cpu_ms_per_request"] = d["wrk_cpu_s"] * 1000 / n
        d["cpu_share_of_machine"] = (d["server_cpu_s"] + d["wrk_cpu_s"]) / (d["seconds"] * (os.cpu_count() or 1))
        # what the two would do with the machine to themselves
        d["requests_per_s_if_cores_were_ours"] = (os.cpu_count() or 1) * 1000 / (
            d["server_cpu_ms_per_request"] + d["wrk_cpu_ms_per_request"])
    return d


def library_ceiling(newssift, pages):
    timer = os.path.join(os.path.dirname(newssift), "analyze_timer")
    if not os.access(timer, os.X_OK):
        return {"error": "%s not built" % timer}
    r = subprocess.run([timer, os.path.join(ROOT, "models"), pages], capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip()[-300:]}
    d = json.loads(r.stdout)
    d["pages_per_s_one_core"] = 1000.0 / d["page_ms_median"]
    return d


def run(newssift, tasks_dir, work, seconds=20, long_seconds=120, server_threads=None, wrk_threads=1):
    wrk_bin = shutil.which("wrk") or ("/usr/bin/wrk" if os.access("/usr/bin/wrk", os.X_OK) else None)
    if not wrk_bin:
        return {"error": "wrk is not installed (apt-get install wrk); nothing measured"}
    cores = os.cpu_count() or 1
    server_threads = server_threads or cores
    os.makedirs(work, exist_ok=True)
    pages = os.path.join(work, "serve-pages-2k.jsonl")
    progress("making %d pages of 2 KB" % N_PAGES)
    out = {"pages": make_pages(tasks_dir, pages), "cores": cores, "server_threads": server_threads,
           "wrk_threads": wrk_threads, "connections": CONNECTIONS,
           "load_generator": "wrk %s on the same machine (it shares the %d cores with the server)" % (
               wrk_bin, cores)}
    lua = os.path.join(work, "serve-post.lua")
    with open(lua, "w") as f:
        f.write(LUA % {"pages": pages})
    progress("library alone on the same pages")
    out["library"] = library_ceiling(newssift, pages)
    s = Server(newssift, server_threads)
    try:
        out["rss_start_bytes"] = s.rss()
        progress("warm-up 5 s")
        out["warmup"] = wrk(wrk_bin, s.url, lua, 5, wrk_threads, server=s)
        out["rss_after_warmup_bytes"] = s.rss()
        progress("main run %d s" % seconds)
        out["loadavg_before_main"] = os.getloadavg()
        out["main"] = wrk(wrk_bin, s.url, lua, seconds, wrk_threads, server=s)
        if long_seconds > 0:
            progress("long run %d s (memory)" % long_seconds)
            samples = []
            stop = threading.Event()

            def sample():
                while not stop.wait(max(2.0, long_seconds / 60.0)):
                    samples.append({"t": time.time(), "requests": s.metric("newssift_http_requests_total{"),
                                    "rss_bytes": s.rss()})
            th = threading.Thread(target=sample, daemon=True)
            r0 = s.metric("newssift_http_requests_total{")
            samples.append({"t": time.time(), "requests": r0, "rss_bytes": s.rss()})
            th.start()
            out["long"] = wrk(wrk_bin, s.url, lua, long_seconds, wrk_threads, server=s)
            stop.set()
            th.join()
            samples.append({"t": time.time(), "requests": s.metric("newssift_http_requests_total{"),
                            "rss_bytes": s.rss()})
            t0 = samples[0]["t"]
            for x in samples:
                x["t"] = round(x["t"] - t0, 1)
            out["long"]["rss_samples"] = samples
            # growth: RSS at the end minus RSS once the first tenth of the run was done (pools warm)
            ref = next((x for x in samples if x["requests"] - r0 >= (samples[-1]["requests"] - r0) / 10), samples[0])
            done_req = samples[-1]["requests"] - ref["requests"]
            grow = samples[-1]["rss_bytes"] - ref["rss_bytes"]
            out["long"]["rss_growth_bytes"] = grow
            out["long"]["rss_growth_over_requests"] = done_req
            out["long"]["rss_growth_per_million_bytes"] = grow / done_req * 1e6 if done_req else None
        out["server_requests_total"] = s.metric("newssift_http_requests_total{")
        out["server_analyze_200"] = s.metric('newssift_http_requests_total{route="/v1/analyze",status="200"}')
        out["rss_end_bytes"] = s.rss()
    finally:
        out["server_exit"] = s.stop()
    return out


def run_serve(ctx):
    """bench/run.py's section."""
    return run(ctx.newssift, ctx.data, ctx.work, seconds=ctx.args.serve_seconds,
               long_seconds=ctx.args.serve_long_seconds)


# ----------------------------------------------------------------------------- RESULTS.md

def _mb(b):
    return "%.1f MB" % (b / 1e6) if isinstance(b, (int, float)) else "-"


def md_serve(results):
    s = (results.get("sections") or {}).get("serve")
    if not s:
        return []
    L = ["## HTTP service (`newssift serve`)", ""]
    if "error" in s:
        return L + ["Error: %s" % s["error"], ""]
    p, m = s["pages"], s["main"]
    L.append("`POST /v1/analyze` on loopback, %d concurrent keep-alive connections, %d distinct JSON pages of "
             "%.0f bytes on average (recombined from real articles and comments), server with %d worker "
             "threads on %d cores. The load generator is %s, so the figures are for the two together. "
             "Latency is wrk's, from sending a request to its whole answer."
             % (m["connections"], p["pages"], p["mean_bytes"], s["server_threads"], s["cores"],
                s["load_generator"]))
    L += ["", "| figure | value | target | met |", "|---|---:|---:|---|"]
    L.append("| requests/s (%d s run) | %.0f | >= 5,000 | %s |" % (m["seconds"], m["requests_per_s"],
                                                                   "yes" if m["requests_per_s"] >= 5000 else "no"))
    L.append("| latency p50 | %.2f ms | | |" % m["p50_ms"])
    L.append("| latency p99 | %.2f ms | <= 20 ms | %s |" % (m["p99_ms"], "yes" if m["p99_ms"] <= 20 else "no"))
    L.append("| errors (socket errors + non-2xx) | %d of %d | 0 | %s |" % (m["errors"], m["requests"],
                                                                         "yes" if m["errors"] == 0 else "no"))
    lg = s.get("long")
    if lg:
        per_m = lg.get("rss_growth_per_million_bytes")
        L.append("| requests in the long run | %d in %d s (%.0f/s), %d errors; %d answered in all | 1,000,000 | %s |" % (
            lg["requests"], lg["seconds"], lg["requests_per_s"], lg["errors"], s.get("server_requests_total", 0),
            "yes" if s.get("server_requests_total", 0) >= 1e6 else "no: fewer requests, growth per million below"))
        L.append("| RSS: start, after warm-up, end | %s, %s, %s | flat | |" % (
            _mb(s.get("rss_start_bytes")), _mb(s.get("rss_after_warmup_bytes")), _mb(s.get("rss_end_bytes"))))
        if per_m is not None:
            L.append("| RSS growth over the last %d requests of the long run | %+.2f MB (%+.2f MB per million) "
                     "| ~0 | %s |" % (lg["rss_growth_over_requests"], lg["rss_growth_bytes"] / 1e6, per_m / 1e6,
                                      "yes" if abs(per_m) < 5e6 else "no"))
    if "cpu_share_of_machine" in m:
        L += ["", "The machine is shared (load average %s before the main run): server and wrk together had "
              "%.0f%% of the %d cores. CPU time per request: server %.3f ms, wrk %.3f ms; with the cores to "
              "themselves the two would answer about %.0f requests/s (cores x 1000 / CPU ms per request, "
              "an extrapolation, not a measurement)."
              % (", ".join("%.2f" % x for x in s.get("loadavg_before_main", [])), 100 * m["cpu_share_of_machine"],
                 s["cores"], m["server_cpu_ms_per_request"], m["wrk_cpu_ms_per_request"],
                 m["requests_per_s_if_cores_were_ours"])]
    L += ["", "wrk keeps %d requests outstanding, so the mean latency is %d / (requests/s): p99 <= 20 ms needs more "
          "than %d requests/s at these connections, and follows the throughput." % (
              m["connections"], m["connections"], m["connections"] * 50)]
    lib = s.get("library", {})
    if "page_ms_median" in lib:
        L += ["", "The library alone on the same pages (`analyze_timer`, one thread: ns_analyze and the JSON "
              "report): %.3f ms a page (median), %.0f pages/s on one core, so at most about %.0f/s on %d cores "
              "with nothing else running; the server reached %.0f%% of that with wrk beside it."
              % (lib["page_ms_median"], lib["pages_per_s_one_core"], lib["pages_per_s_one_core"] * s["cores"],
                 s["cores"], 100.0 * m["requests_per_s"] / (lib["pages_per_s_one_core"] * s["cores"]))]
    L.append("")
    return L


def main():
    ap = argparse.ArgumentParser(description="the serve bench alone")
    ap.add_argument("--newssift", default=os.path.join(ROOT, "build", "newssift"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "tasks"))
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--long-seconds", type=int, default=120)
    ap.add_argument("--server-threads", type=int, default=None)
    ap.add_argument("--wrk-threads", type=int, default=1)
    ap.add_argument("--pages-only", metavar="OUT", help="only write the pages to OUT")
    ap.add_argument("--json-out", metavar="FILE", help="also write the section's results to FILE")
    a = ap.parse_args()
    if a.pages_only:
        print(json.dumps(make_pages(os.path.abspath(a.data), a.pages_only)))
        return 0
    res = run(os.path.abspath(a.newssift), os.path.abspath(a.data), os.path.abspath(a.work), a.seconds,
              a.long_seconds, a.server_threads, a.wrk_threads)
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(res, f, indent=1)
    print(json.dumps(res, indent=1))
    print("\n".join(md_serve({"sections": {"serve": res}})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
