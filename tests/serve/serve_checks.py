#!/usr/bin/python3
"""Black-box checks of `newssift serve` against the real server on loopback; TAP output.

    serve_checks.py NEWSSIFT [--sanitized]   the routes, every bad input, SIGTERM in flight
    serve_checks.py NEWSSIFT --connections N N open connections, and another client served
    serve_checks.py NEWSSIFT --docs FILE     run the ```sh examples of docs/http-api.md

Run from the repository root (tests/cli/serve.sh does). Each group starts its own
servers on free ports and stops them.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Server, metric, post_raw, read_response  # noqa: E402

NS = os.path.abspath(sys.argv[1])
TAG = ""
n = 0


def check(what, fn):
    """Runs fn (which returns True or a failure description, or raises) as one TAP line."""
    global n
    n += 1
    try:
        r = fn()
        ok, detail = (r is True), ("" if r is True else repr(r)[:300])
    except Exception as e:  # noqa: BLE001 - any failure is a failed check
        ok, detail = False, "%s: %s" % (type(e).__name__, str(e)[:300])
    print("%s %d - %s%s%s" % ("ok" if ok else "not ok", n, TAG, what, "" if ok else "  # " + detail), flush=True)
    return ok


def cli(*args, stdin=None):
    r = subprocess.run([NS] + list(args), input=stdin, capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def is_error(status, h, body, want_status, want_code=None):
    """The answer is want_status with a JSON {"error", "message"} body."""
    if status != want_status:
        return "status %d, want %d: %r" % (status, want_status, body[:200])
    if not h.get("content-type", "").startswith("application/json"):
        return "content type %r" % h.get("content-type")
    j = json.loads(body)
    if set(j) != {"error", "message"} or not isinstance(j["message"], str) or not j["message"]:
        return "body %r" % j
    if want_code and j["error"] != want_code:
        return "error %r, want %r" % (j["error"], want_code)
    return True


def pages_jsonl():
    page = json.load(open("examples/syria-page.json", encoding="utf-8"))
    p2 = dict(page, comments=page["comments"][:1], title="Second page")
    p3 = {"title": "A short page", "text": "The council met on Tuesday. It agreed the budget."}
    return [json.dumps(p, ensure_ascii=False) for p in (page, p2, p3)]


# ------------------------------------------------------------------ routes and bad input

def routes_and_errors(key_file, index):
    s = Server(NS, "--threads", "2", "--read-timeout", "2", "--max-body", "200000", "--max-buffered", "300000",
               "--api-key-file", key_file, "--index", index)
    try:
        _routes(s, index)
        _errors(s, open(key_file).read().strip(), index)
        _slow_and_cut(s)
        check("the server is still up after every bad input", lambda: s.alive() and
              s.request("GET", "/healthz")[0] == 200 or s.stderr)
    finally:
        rc = s.stop()
    check("SIGTERM: the server exits 0", lambda: rc == 0 or (rc, s.stderr[-2000:]))
    check("no sanitizer report on stderr", lambda: "Sanitizer" not in s.stderr or s.stderr[-3000:])


def _routes(s, index):
    def healthz():
        st, h, j = s.json("GET", "/healthz")
        return (st == 200 and j["status"] == "ok" and h["content-type"] == "application/json") or (st, h, j)
    check("GET /healthz is 200 {\"status\": \"ok\"}", healthz)

    for url, path, ctype in [("/", "src/serve/web/index.html", "text/html"),
                             ("/index.html", "src/serve/web/index.html", "text/html"),
                             ("/app.js", "src/serve/web/app.js", "text/javascript"),
                             ("/style.css", "src/serve/web/style.css", "text/css"),
                             ("/examples/syria-page.txt", "examples/syria-page.txt", "text/plain")]:
        def asset(url=url, path=path, ctype=ctype):
            st, h, body = s.request("GET", url)
            want = open(path, "rb").read()
            return (st == 200 and body == want and h["content-type"].startswith(ctype)) or (st, h, len(body))
        check("GET %s serves %s as %s" % (url, path, ctype), asset)

    def head():
        st, h, body = s.request("HEAD", "/")
        return (st == 200 and body == b"") or (st, body[:100])
    check("HEAD / is 200 without a body", head)

    for ext, ctype in [("txt", "text/plain"), ("json", "application/json"), ("html", "text/html")]:
        def analyze(ext=ext, ctype=ctype):
            page = open("examples/syria-page." + ext, "rb").read()
            st, h, body = s.request("POST", "/v1/analyze", page, {"Content-Type": ctype + "; charset=utf-8"})
            want = cli("analyze", "examples/syria-page." + ext, "--output", "json", "--index", index)
            return (st == 200 and body == want and h["content-type"] == "application/json") or (st, body[:300])
        check("POST /v1/analyze %s: the same bytes as `analyze --output json --index`" % ctype, analyze)

    def mhtml():
        path = "tests/data/pages/h57-mhtml-chrome-disqus-frame.mhtml"
        st, h, body = s.request("POST", "/v1/analyze", open(path, "rb").read(), {"Content-Type": "multipart/related"})
        want = cli("analyze", path, "--output", "json", "--index", index)
        return (st == 200 and body == want and len(json.loads(body)["comments"]) == 3) or (st, body[:300])
    check("POST /v1/analyze multipart/related (an MHTML file, comments in its frame): as the CLI", mhtml)

    def keepalive():
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        page = open("examples/syria-page.txt", "rb").read()
        got = []
        for _ in range(3):
            c.request("POST", "/v1/analyze", page, {"Content-Type": "text/plain"})
            r = c.getresponse()
            got.append((r.status, json.loads(r.read())["verdict"]))
        c.close()
        return got == [(200, "unreliable")] * 3 or got
    check("three analyses on one keep-alive connection", keepalive)

    texts = ["Round up all immigrants and send them back", "What a lovely day in the park",
             "you are an idiot", "caf\u00e9 \u2014 \u00fcber na\u00efve"]

    def predict():
        st, h, j = s.json("POST", "/v1/predict", json.dumps({"model": "comment", "texts": texts}),
                          {"Content-Type": "application/json"})
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
            f.write("\n".join(texts) + "\n")
        try:
            want = [json.loads(x) for x in cli("predict", "--model", "models/comment.nsm", "--format", "text",
                                              f.name).decode().splitlines()]
        finally:
            os.unlink(f.name)
        return (st == 200 and j == {"results": want}) or (st, j, want)
    check("POST /v1/predict: predict's objects for the same texts", predict)

    def predict_explain():
        st, h, j = s.json("POST", "/v1/predict", json.dumps({"model": "comment", "texts": texts[:1], "explain": 2}),
                          {"Content-Type": "application/json"})
        r = j["results"][0]
        ev = r["explain"]["for"]
        return (st == 200 and 0 < len(ev) <= 2 and all(0 <= a <= b <= len(texts[0]) for e in ev
                                                       for a, b in e["spans"])) or (st, j)
    check("POST /v1/predict with explain: evidence with spans in the text", predict_explain)

    def predict_empty():
        st, h, j = s.json("POST", "/v1/predict", '{"model": "headline", "texts": []}',
                          {"Content-Type": "application/json"})
        return (st == 200 and j == {"results": []}) or (st, j)
    check("POST /v1/predict with no texts: no results", predict_empty)

    lines = pages_jsonl()

    def batch(chunked=False):
        body_lines = [lines[0], "", lines[1], '{"title": "broken', lines[2]]
        data = ("\n".join(body_lines) + "\n").encode()
        want = cli("analyze", "--format", "jsonl", "--index", index,
                   stdin="\n".join(lines).encode() + b"\n").decode().splitlines()
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
        if chunked:
            c.request("POST", "/v1/batch", (data[i:i + 1000] for i in range(0, len(data), 1000)),
                      {"Content-Type": "application/x-ndjson"}, encode_chunked=True)
        else:
            c.request("POST", "/v1/batch", data, {"Content-Type": "application/x-ndjson"})
        r = c.getresponse()
        got = r.read().decode().splitlines()
        c.close()
        if r.status != 200 or r.getheader("Content-Type") != "application/x-ndjson":
            return r.status, r.getheaders()
        if len(got) != 4:
            return got
        err = json.loads(got[2])
        return (got[0] == want[0] and got[1] == want[1] and got[3] == want[2] and err["error"] == "bad_input"
                and err["line"] == 4 and err["message"].startswith("batch:4")) or (got[2], len(got))
    check("POST /v1/batch: reports in input order, equal to `analyze --format jsonl`; a bad line "
          "answers {\"error\", \"line\"} in its place", batch)
    check("POST /v1/batch with a chunked body", lambda: batch(chunked=True))

    def models():
        st, h, j = s.json("GET", "/v1/models")
        names = [m["name"] for m in j["models"]]
        com = [m for m in j["models"] if m["name"] == "comment"][0]
        return (st == 200 and "comment" in names and "article" in names and names == sorted(names)
                and sorted(com["labels"]) == ["hate", "offensive", "ok"]) or (st, names)
    check("GET /v1/models lists the bundled models with their labels", models)

    def metrics():
        st, h, body = s.request("GET", "/metrics")
        t = body.decode()
        ok = (st == 200 and h["content-type"].startswith("text/plain")
              and metric(t, "newssift_http_requests_total", route="/v1/analyze", status="200") >= 6
              and metric(t, "newssift_http_request_duration_seconds_count", route="/v1/analyze") >= 6
              and metric(t, "newssift_http_request_duration_seconds_bucket", route="/v1/analyze", le="+Inf") >= 6
              and metric(t, "newssift_pages_analyzed_total") >= 10
              and metric(t, "newssift_pages_failed_total") >= 2
              and metric(t, "newssift_texts_predicted_total") >= 5
              and "# TYPE newssift_http_request_duration_seconds histogram" in t)
        return ok or t[:3000]
    check("GET /metrics: requests by route and status, the latency histogram, pages analysed", metrics)


def _errors(s, key, index):
    J = {"Content-Type": "application/json"}
    check("unknown route: 404 JSON error",
          lambda: is_error(*s.request("GET", "/v2/nothing"), 404, "not_found"))

    def wrong_method():
        st, h, body = s.request("GET", "/v1/analyze")
        return is_error(st, h, body, 405, "method_not_allowed") is True and h.get("allow") == "POST" or (st, h)
    check("GET /v1/analyze: 405 JSON error with Allow: POST", wrong_method)
    check("POST /healthz: 405 JSON error", lambda: is_error(*s.request("POST", "/healthz", b"x", J), 405))
    check("DELETE /: 405 JSON error", lambda: is_error(*s.request("DELETE", "/"), 405))
    check("malformed JSON page: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/analyze", b'{"title": "x", "text": ', J), 400, "bad_input"))
    check("JSON page of the wrong shape: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/analyze", b'{"title": 5, "text": []}', J), 400, "bad_input"))
    check("empty page: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/analyze", b"   \n", {"Content-Type": "text/plain"}), 400))
    check("malformed JSON to /v1/predict: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'{"model": "comment", ', J), 400, "malformed_json"))
    check("/v1/predict without texts: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'{"model": "comment"}', J), 400, "bad_request"))
    check("/v1/predict with a text that is not a string: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'{"model": "comment", "texts": ["a", 3]}', J), 400))
    check("/v1/predict with a bad explain: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'{"model": "comment", "texts": [], "explain": -1}',
                                      J), 400))
    check("/v1/predict with a JSON array: 400 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'[1, 2]', J), 400))
    check("unknown model name: 404 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'{"model": "nosuch", "texts": ["a"]}', J),
                           404, "unknown_model"))
    check("unknown model name with path characters: 404 JSON error",
          lambda: is_error(*s.request("POST", "/v1/predict", b'{"model": "../models/comment", "texts": ["a"]}', J),
                           404, "unknown_model"))
    for route, ctype in [("/v1/analyze", "application/xml"), ("/v1/analyze", "image/png"),
                         ("/v1/predict", "text/plain"), ("/v1/batch", "application/json"),
                         ("/v1/batch", "text/html")]:
        check("POST %s as %s: 415 JSON error" % (route, ctype),
              lambda route=route, ctype=ctype: is_error(*s.request("POST", route, b"{}", {"Content-Type": ctype}),
                                                        415, "unsupported_media_type"))

    def no_ctype():
        sock = s.connect()
        sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        r = read_response(sock)
        sock.close()
        return is_error(*r, 415)
    check("POST /v1/analyze without a Content-Type: 415 JSON error", no_ctype)

    def no_length():
        sock = s.connect()
        sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\r\n")
        r = read_response(sock)
        sock.close()
        return is_error(*r, 411, "length_required")
    check("POST without Content-Length or chunked body: 411 JSON error", no_length)

    def too_large_declared():
        sock = s.connect()
        sock.sendall(post_raw("/v1/analyze", b"", "text/plain", length=200001))  # headers only
        r = read_response(sock, timeout=10)
        sock.close()
        return is_error(*r, 413, "body_too_large")
    check("body over --max-body (Content-Length): 413 at once, before the body is sent", too_large_declared)

    def too_large_chunked():
        data = b"word " * 50000  # 250,000 bytes
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        c.request("POST", "/v1/analyze", (data[i:i + 8192] for i in range(0, len(data), 8192)),
                  {"Content-Type": "text/plain"}, encode_chunked=True)
        r = c.getresponse()
        out = is_error(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read(), 413, "body_too_large")
        c.close()
        return out
    check("chunked body over --max-body: 413 JSON error", too_large_chunked)

    def over_capacity():
        a = s.connect()
        a.sendall(post_raw("/v1/analyze", b"The start of a page. ", "text/plain", length=199000))
        time.sleep(0.3)
        b = s.connect()
        b.sendall(post_raw("/v1/analyze", b"", "text/plain", length=150000))
        rb = read_response(b)
        b.close()
        a.sendall(b"x" * (199000 - len(b"The start of a page. ")))
        ra = read_response(a)
        a.close()
        first = is_error(*rb, 503, "over_capacity")
        return (first is True and rb[1].get("retry-after") == "1" and ra[0] == 200) or (first, ra[0])
    check("bodies over --max-buffered at once: 503 JSON error with Retry-After; the first is served",
          over_capacity)

    T = {"Content-Type": "application/x-ndjson"}
    check("/v1/trace/add without the API key: 401 JSON error",
          lambda: is_error(*s.request("POST", "/v1/trace/add", b"{}\n", T), 401, "unauthorized"))
    check("/v1/trace/add with a wrong API key: 401 JSON error",
          lambda: is_error(*s.request("POST", "/v1/trace/add", b"{}\n", dict(T, Authorization="Bearer x" + key)),
                           401, "unauthorized"))
    check("/v1/trace/add with the API key in another scheme: 401 JSON error",
          lambda: is_error(*s.request("POST", "/v1/trace/add", b"{}\n", dict(T, Authorization="Basic " + key)),
                           401, "unauthorized"))

    articles = open("tests/data/trace/reference-sample.jsonl", "rb").read()
    n_articles = len([ln for ln in articles.splitlines() if ln.strip()])

    def right_key():
        st, h, j = s.json("POST", "/v1/trace/add", articles, dict(T, Authorization="Bearer " + key))
        return (st == 200 and j["added"] == n_articles and j["index"]["articles"] == n_articles) or (st, j)
    check("/v1/trace/add with the right API key adds the articles and answers the index's stats", right_key)

    def bad_article():
        body = b'{"id": "ok-1", "text": "A sentence that is fine."}\n{"id": "no-text"}\n'
        r = s.request("POST", "/v1/trace/add", body, dict(T, Authorization="Bearer " + key))
        e = is_error(*r, 400, "bad_input")
        msg = json.loads(r[2])["message"] if r[0] == 400 else ""
        return (e is True and msg.startswith("body:2:") and "1 article before it was added" in msg) or (e, msg)
    check("/v1/trace/add with a bad line: 400 JSON error naming the line; the lines before it are added",
          bad_article)
    check("/v1/trace/add as text/plain: 415 JSON error",
          lambda: is_error(*s.request("POST", "/v1/trace/add", articles,
                                      {"Content-Type": "text/plain", "Authorization": "Bearer " + key}), 415))

    def traced_report():
        """After the add the report has its trace: the bytes `analyze --index` writes."""
        page = open("examples/syria-page.txt", "rb").read()
        st, h, body = s.request("POST", "/v1/analyze", page, {"Content-Type": "text/plain"})
        want = cli("analyze", "examples/syria-page.txt", "--output", "json", "--index", index)
        got = json.loads(body)
        return (st == 200 and body == want and bool(got["trace"]["sources"])) or (st, got["trace"])
    check("after /v1/trace/add, /v1/analyze reports carry the trace: the same bytes as `analyze --index`",
          traced_report)

    def added_metric():
        t = s.request("GET", "/metrics")[2].decode()
        return metric(t, "newssift_trace_articles_added_total") == n_articles + 1 or t[-1500:]
    check("/metrics counts the articles added", added_metric)


def _slow_and_cut(s):
    page = open("examples/syria-page.txt", "rb").read()

    def slow(headers_too):
        """A client sending a byte a second gets a 408 near the 2 s read timeout, while
        another client is served meanwhile."""
        req = post_raw("/v1/analyze", page, "text/plain")
        sock = s.connect()
        t0 = time.time()
        head_end = req.index(b"\r\n\r\n") + 4
        if not headers_too:
            sock.sendall(req[:head_end])
            req = req[head_end:]
        served = None
        got = None
        sock.settimeout(1.0)
        for i in range(30):
            try:
                sock.send(req[i:i + 1])
            except OSError:
                break
            if i == 1:
                served = s.request("GET", "/healthz", timeout=5)[0]
            try:
                got = sock.recv(65536)
                break
            except socket.timeout:
                continue
        rest = b""
        sock.settimeout(5)
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
        except OSError:
            pass
        sock.close()
        elapsed = time.time() - t0
        data = (got or b"") + rest
        if not data.startswith(b"HTTP/1.1 408"):
            return "no 408 after %.1f s: %r" % (elapsed, data[:200])
        body = json.loads(data.split(b"\r\n\r\n", 1)[1])
        return (body["error"] == "request_timeout" and served == 200 and elapsed < 10) or (body, served, elapsed)
    check("slow client, headers a byte a second: 408 JSON error at the read timeout; others served meanwhile",
          lambda: slow(True))
    check("slow client, body a byte a second: 408 JSON error at the read timeout; others served meanwhile",
          lambda: slow(False))

    def idle():
        sock = s.connect()
        sock.settimeout(8)
        t0 = time.time()
        data = sock.recv(100)
        sock.close()
        return (data == b"" and time.time() - t0 < 7) or data
    check("an idle connection is closed after the read timeout, without a stray answer", idle)

    def cut(n_sent):
        sock = s.connect()
        sock.sendall(post_raw("/v1/analyze", page[:n_sent], "text/plain", length=len(page)))
        time.sleep(0.1)
        sock.close()
        st = s.request("POST", "/v1/analyze", page, {"Content-Type": "text/plain"})[0]
        return st == 200 or st
    check("request cut off mid-body: the server goes on serving", lambda: cut(100))
    check("request cut off after the headers: the server goes on serving", lambda: cut(0))

    def cut_headers():
        sock = s.connect()
        sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Ty")
        sock.close()
        return s.request("GET", "/healthz")[0] == 200
    check("request cut off mid-headers: the server goes on serving", cut_headers)

    def counted():
        t = s.request("GET", "/metrics")[2].decode()
        return ((metric(t, "newssift_http_requests_total", route="/v1/analyze", status="none") or 0) >= 2
                and metric(t, "newssift_http_requests_total", route="/v1/analyze", status="408") >= 1
                and metric(t, "newssift_http_requests_total", route="other", status="408") >= 1
                and metric(t, "newssift_read_timeouts_total") >= 2) or t[:2500]
    check("/metrics counts the timed-out and the cut-off requests", counted)


# ------------------------------------------------------------------ graceful stop

def sigterm_in_flight():
    s = Server(NS, "--threads", "2")
    no_index = s.request("POST", "/v1/trace/add", b'{"id": "a", "text": "b"}\n',
                         {"Content-Type": "application/x-ndjson"})
    page = open("examples/syria-page.txt", "rb").read()
    req = post_raw("/v1/analyze", page, "text/plain")
    half = len(req) - len(page) // 2
    sock = s.connect()
    sock.sendall(req[:half])
    time.sleep(0.3)
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)

    def refused():
        try:
            c = socket.create_connection(("127.0.0.1", s.port), timeout=2)
            c.close()
            return "a new connection was accepted after SIGTERM"
        except OSError:
            return True
    check("after SIGTERM no new connection is accepted", refused)
    alive = s.alive()
    sock.sendall(req[half:])
    st, h, body = read_response(sock)
    sock.close()
    rc = s.stop()

    def finished():
        j = json.loads(body)
        return (alive and st == 200 and j["verdict"] == "unreliable" and h.get("connection") == "close") or (
            alive, st, h)
    check("SIGTERM with a request in flight: that request is answered", finished)
    check("/v1/trace/add on a server without --index: 501 JSON error",
          lambda: is_error(*no_index, 501, "no_index"))
    check("... then the server exits 0", lambda: rc == 0 or (rc, s.stderr[-1500:]))


def port_in_use():
    s = Server(NS)
    r = subprocess.run([NS, "serve", "--port", str(s.port)], capture_output=True, timeout=30)
    err = r.stderr.decode()
    check("a port in use: exit 3, and the message names host, port and cause",
          lambda: (r.returncode == 3 and "127.0.0.1 port %d" % s.port in err and "in use" in err)
          or (r.returncode, err))
    check("... and the server already on it still answers", lambda: s.request("GET", "/healthz")[0] == 200)
    s.stop()


# ------------------------------------------------------------------ many connections

def connections(count):
    s = Server(NS, "--read-timeout", "60")
    socks = []
    try:
        def open_all():
            # generous timeouts: on a loaded 2-core host a connect in the
            # backlog, or /metrics beside 10,000 sockets, once took over 10 s
            for _ in range(count):
                socks.append(socket.create_connection(("127.0.0.1", s.port), timeout=30))
            deadline = time.time() + 30
            while time.time() < deadline:
                t = s.request("GET", "/metrics", timeout=30)[2].decode()
                open_now = metric(t, "newssift_http_connections")
                if open_now >= count:
                    return True
                time.sleep(0.2)
            return "only %s connections open" % open_now
        check("%d concurrent connections are held open" % count, open_all)

        def served():
            page = open("examples/syria-page.txt", "rb").read()
            st, h, body = s.request("POST", "/v1/analyze", page, {"Content-Type": "text/plain"}, timeout=10)
            return (st == 200 and json.loads(body)["verdict"] == "unreliable") or st
        check("with %d connections open, another client is served" % count, served)
    finally:
        for x in socks:
            x.close()
    check("after they close, the server is up and serving",
          lambda: s.alive() and s.request("GET", "/healthz")[0] == 200)
    rc = s.stop()
    check("... and stops cleanly", lambda: rc == 0 or (rc, s.stderr[-1500:]))


# ------------------------------------------------------------------ docs examples

def docs_examples(doc):
    """Runs each ```sh block of the doc against a live server (its URL put in place of
    http://127.0.0.1:8080) with curl wrapped to record the status, which must be the one
    the block's `# → NNN` comment names."""
    text = open(doc, encoding="utf-8").read()
    blocks = []
    for part in text.split("```sh\n")[1:]:
        blocks.append(part.split("```", 1)[0])
    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, "key.txt")
        with open(key, "w") as f:
            f.write("s3cret-example-key\n")
        s = Server(NS, "--api-key-file", key, "--index", os.path.join(tmp, "trace.db"))
        url = "http://127.0.0.1:%d" % s.port
        try:
            for i, b in enumerate(blocks):
                want = [int(x) for x in __import__("re").findall(r"# → (\d{3})", b)]
                script = ('curl() { command curl -sS -w "\\nSTATUS %%{http_code}\\n" "$@"; }\n'
                          'export NEWSSIFT_KEY=s3cret-example-key\n%s' % b.replace("http://127.0.0.1:8080", url))

                def run(script=script, want=want, b=b):
                    if not want:
                        return "the block names no status (# → NNN): %r" % b[:200]
                    r = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120)
                    got = [int(x) for x in __import__("re").findall(rb"\nSTATUS (\d{3})\n", r.stdout)]
                    return (r.returncode == 0 and got == want) or (r.returncode, got, want, r.stderr[-300:],
                                                                   r.stdout[-300:])
                first = b.strip().splitlines()[0][:70]
                check("docs/http-api.md example %d runs as documented: %s" % (i + 1, first), run)
        finally:
            rc = s.stop()
        check("docs examples: the server stops cleanly", lambda: rc == 0 or rc)


def main():
    global TAG
    args = sys.argv[2:]
    if args[:1] == ["--connections"]:
        connections(int(args[1]))
    elif args[:1] == ["--docs"]:
        docs_examples(args[1])
    else:
        if "--sanitized" in args:
            TAG = "asan+ubsan: "
        with tempfile.TemporaryDirectory() as tmp:
            key = os.path.join(tmp, "key.txt")
            with open(key, "w") as f:
                f.write("  test-key-0123456789  \n")
            routes_and_errors(key, os.path.join(tmp, "trace.db"))
        sigterm_in_flight()
        port_in_use()


if __name__ == "__main__":
    main()
