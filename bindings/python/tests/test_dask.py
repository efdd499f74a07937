"""newssift.dask on a LocalCluster of two worker processes: reports equal the CLI's
`analyze --format jsonl` output line for line, and each worker loads the models once.

dask and distributed are required: without them these tests fail, they do not skip."""

import json
import os
import subprocess
import sys

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import newssift
import newssift.dask as nd
from conftest import PKG


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


def opened_per_worker(client):
    return client.run(newssift.analyzer.shared_opened)


def test_bag_of_dicts_and_strings_equals_cli(client, corpus):
    pages, _, lines = corpus
    # every other page as its JSON text: a bag may hold both
    mixed = [json.dumps(p) if i % 2 else p for i, p in enumerate(pages)]
    got = nd.analyze_bag(db.from_sequence(mixed, npartitions=6)).compute()
    assert len(got) == len(lines)
    for i, (g, line) in enumerate(zip(got, lines)):
        assert g == json.loads(line), "page %d differs" % i


def test_bag_from_jsonl_file_as_json_equals_cli_bytes(client, corpus):
    _, path, lines = corpus
    bag = db.read_text(str(path), blocksize=8000)
    assert bag.npartitions > 2
    got = nd.analyze_bag(bag, format="json", as_json=True).compute()
    assert got == lines


def test_each_worker_loads_the_models_once(client, corpus):
    pages, _, _ = corpus
    for _ in range(2):
        nd.analyze_bag(db.from_sequence(pages, npartitions=8)).compute()
    counts = opened_per_worker(client)
    assert len(counts) == 2
    # the default options, whatever partitions and computations a worker ran: one analyzer
    assert all(n <= 1 for n in counts.values()) and sum(counts.values()) >= 1, counts


def test_frame_columns_equal_cli(client, corpus):
    pages, _, lines = corpus
    pdf = pd.DataFrame({"page_id": range(len(pages)), "text": [json.dumps(p) for p in pages]})
    df = dd.from_pandas(pdf, npartitions=5)
    out = nd.analyze_frame(df, text_col="text")
    want_cols = ["page_id", "text", "trust", "verdict", "p_unreliable", "p_clickbait", "n_comments",
                 "n_hateful_comments", "report"]
    assert list(out.columns) == want_cols
    res = out.compute()
    assert dict(res.dtypes) == dict(out.dtypes)  # meta is what the partitions really hold
    assert list(res["report"]) == lines
    assert list(res["page_id"]) == list(range(len(pages)))
    for (_, row), line in zip(res.iterrows(), lines):
        r = json.loads(line)
        assert row["trust"] == r["trust"] and row["verdict"] == r["verdict"]
        assert row["n_comments"] == len(r["comments"])
        assert row["n_hateful_comments"] == sum(c["label"] == "hate" for c in r["comments"])
        for col, val in (("p_unreliable", r["content"]["p_unreliable"]),
                         ("p_clickbait", r["headline"]["p_clickbait"])):
            assert (pd.isna(row[col]) and val is None) or row[col] == val


def test_frame_with_title_and_url_columns(client, corpus):
    pages, _, lines = corpus
    pdf = pd.DataFrame({"title": [p.get("title") for p in pages], "url": [p.get("url") for p in pages],
                        "body": [p["text"] for p in pages]})
    out = nd.analyze_frame(dd.from_pandas(pdf, npartitions=3), text_col="body", title_col="title",
                           url_col="url", prefix="ns_").compute()
    want = [newssift.analyze({k: p[k] for k in ("title", "url", "text") if k in p}) for p in pages]
    assert [json.loads(x) for x in out["ns_report"]] == want
    assert any(w["page"]["domain"] for w in want) and any(w["headline"]["p_clickbait"] is None for w in want)


def test_bad_pages_raise_or_become_errors(client):
    pages = ['{"title": "x", "text": 3}', "A plain page of text that is fine.", ""]
    with pytest.raises(newssift.InputError, match=r"^<page>: "):  # whichever bad page fails first
        nd.analyze_bag(db.from_sequence(pages, npartitions=2)).compute()
    got = nd.analyze_bag(db.from_sequence(pages, npartitions=2), errors="null").compute()
    assert got[0]["error"] == "input" and got[0]["message"].startswith('<page>: "text"')
    assert got[1]["verdict"] and got[2] == {"error": "input", "message": "<page>: empty page"}
    df = dd.from_pandas(pd.DataFrame({"text": pages + [None]}), npartitions=2)
    res = nd.analyze_frame(df, errors="null").compute()
    assert list(res["error"].isna()) == [False, True, False, False]
    assert res["trust"].isna().tolist() == [True, False, True, True]
    with pytest.raises(newssift.InputError):
        nd.analyze_frame(df).compute()


def test_options_are_checked_on_the_client():
    bag = db.from_sequence(["x"])
    with pytest.raises(TypeError, match="unknown analyzer option"):
        nd.analyze_bag(bag, model="x")
    with pytest.raises(KeyError, match="no column 'body'"):
        nd.analyze_frame(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1), text_col="body")


@pytest.mark.parametrize("api", ["bag", "frame"])
def test_example_script(corpus, tmp_path, api):
    _, path, lines = corpus
    out = tmp_path / "reports.jsonl"
    script = os.path.join(PKG, "examples", "dask_corpus.py")
    p = subprocess.run([sys.executable, script, str(path), "-o", str(out), "--workers", "2", "--api", api,
                        "--blocksize", "20000"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert out.read_text(encoding="utf-8").split("\n")[:-1] == lines
    assert "verdict" in p.stdout  # the summary table
