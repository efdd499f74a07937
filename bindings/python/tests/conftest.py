"""Shared fixtures: where the CLI, the library, the examples and the task data are.

Run from the repository root as tests/cli/python.sh does:
    NEWSSIFT=$PWD/build/newssift NEWSSIFT_LIB=$PWD/build/libnewssift.so PYTHONPATH=bindings/python \
        /usr/bin/python3 -m pytest bindings/python/tests -q
Paths default to build/ of this source tree when the variables are unset.
"""

import json
import os
import random
import subprocess
import sys

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
PKG = os.path.join(ROOT, "bindings", "python")
NEWSSIFT = os.environ.get("NEWSSIFT") or os.path.join(ROOT, "build", "newssift")
BUILD = os.path.dirname(os.path.abspath(NEWSSIFT))
os.environ.setdefault("NEWSSIFT_LIB", os.path.join(BUILD, "libnewssift.so"))
# Dask workers are separate processes: they find the package through PYTHONPATH, not sys.path.
if PKG not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (PKG, os.environ.get("PYTHONPATH")) if p)
if PKG not in sys.path:
    sys.path.insert(0, PKG)

SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
EXAMPLES = os.path.join(SHARED, "examples")
if not os.path.isfile(os.path.join(EXAMPLES, "syria-page.txt")):
    EXAMPLES = os.path.join(ROOT, "examples")  # the same pages, committed
TASKS = os.path.join(SHARED, "data", "tasks")
EXAMPLE_MODEL = os.path.join(BUILD, "example.nsm")


def cli(*args, input=None, check=True):
    """Run the newssift CLI; returns the CompletedProcess (bytes)."""
    p = subprocess.run([NEWSSIFT] + [str(a) for a in args], input=input, capture_output=True, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("newssift %s: exit %d: %s" % (" ".join(map(str, args)), p.returncode,
                                                           p.stderr.decode(errors="replace")))
    return p


def cli_error(*args, input=None):
    """(exit status, message) of a failing CLI run, the message without the "newssift: " prefix."""
    p = cli(*args, input=input, check=False)
    err = p.stderr.decode("utf-8", "replace").strip()
    assert p.returncode != 0, "newssift %s succeeded" % (args,)
    assert err.startswith("newssift: "), err
    return p.returncode, err[len("newssift: "):]


def _read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def make_pages(n, seed=5):
    """n JSON pages recombined from real text of ../shared/data: each takes a real article (title, text
    split into its sentences' paragraphs, sometimes its url) from the article tasks' test splits and
    0-6 real comments from the comment tasks, a few with authors; some pages have no title."""
    rng = random.Random(seed)
    arts, comments = [], []
    for t in sorted(os.listdir(TASKS)):
        f = os.path.join(TASKS, t, "test.jsonl")
        if t.startswith("articles-") and not t.endswith("-bysite"):
            arts += [d for d in _read_jsonl(f) if isinstance(d.get("text"), str) and len(d["text"]) > 200]
        elif t.startswith("comments-"):
            comments += [d["text"] for d in _read_jsonl(f)[:400]]
    rng.shuffle(arts)
    pages = []
    for i in range(n):
        a = arts[i % len(arts)]
        words = a["text"].split(". ")
        cut = sorted(rng.sample(range(1, max(2, len(words))), min(3, max(1, len(words) - 1))))
        paras = [". ".join(words[s:e]) for s, e in zip([0] + cut, cut + [len(words)]) if words[s:e]]
        page = {"text": "\n\n".join(paras)}
        if a.get("title") and i % 5:
            page["title"] = a["title"]
        if a.get("url") and i % 3 == 0:
            page["url"] = a["url"]
        page["comments"] = [({"author": "reader%d" % j, "text": rng.choice(comments)} if j % 2 else
                             rng.choice(comments)) for j in range(rng.randrange(0, 7))]
        pages.append(page)
    return pages


@pytest.fixture(scope="session")
def tasks_dir():
    if not os.path.isdir(TASKS):
        pytest.skip("no task data at %s" % TASKS)
    return TASKS


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, tasks_dir):
    """(pages, path of their JSONL, the CLI's report lines for it with one thread)."""
    pages = make_pages(50)
    path = tmp_path_factory.mktemp("corpus") / "pages.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for p in pages:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    out = cli("analyze", "--format", "jsonl", "--threads", "1", path).stdout.decode("utf-8")
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == len(pages) + 1
    return pages, path, lines[:-1]
