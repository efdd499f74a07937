"""docs/python.md: every ```python block runs from the repository root and exits 0 (each in a fresh
interpreter); the ```py blocks, which need a real cluster or Spark, at least compile."""

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

DOC = os.path.join(ROOT, "docs", "python.md")
TEXT = open(DOC, encoding="utf-8").read()
RUNNABLE = re.findall(r"^```python\n(.*?)^```", TEXT, re.S | re.M)
OTHER = re.findall(r"^```py\n(.*?)^```", TEXT, re.S | re.M)


def test_the_doc_has_examples():
    assert len(RUNNABLE) >= 4 and len(OTHER) >= 2


@pytest.mark.parametrize("i", range(len(RUNNABLE)))
def test_python_block_runs(i):
    p = subprocess.run([sys.executable, "-c", RUNNABLE[i]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.strip()


@pytest.mark.parametrize("i", range(len(OTHER)))
def test_py_block_compiles(i):
    compile(OTHER[i], "docs/python.md block %d" % i, "exec")


def test_readme_python_example_runs():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    m = re.search(r"^PYTHONPATH=bindings/python /usr/bin/python3 -c '\n(.*?)'\n```", readme, re.S | re.M)
    assert m, "README's Python example is gone"
    p = subprocess.run([sys.executable, "-c", m.group(1)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "unreliable" in p.stdout and "'hate'" in p.stdout
