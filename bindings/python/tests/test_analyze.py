"""newssift.analyze / Analyzer: reports equal the CLI's, in every input form."""

import json
import os
import pathlib
import pickle

import pytest

import newssift
from conftest import EXAMPLES, ROOT, SHARED, cli

FORMATS = ["txt", "json", "html"]


def example(ext):
    return os.path.join(EXAMPLES, "syria-page." + ext)


def cli_report(path, *extra):
    out = cli("analyze", path, "--output", "json", *extra).stdout
    assert out.endswith(b"\n") and out.count(b"\n") == 1
    return out[:-1]


@pytest.mark.parametrize("ext", FORMATS)
def test_analyze_path_equals_cli(ext):
    assert newssift.analyze(pathlib.Path(example(ext))) == json.loads(cli_report(example(ext)))


@pytest.mark.parametrize("ext", FORMATS)
def test_analyze_text_and_bytes_equal_cli(ext):
    want = json.loads(cli_report(example(ext)))
    raw = open(example(ext), "rb").read()
    assert newssift.analyze(raw) == want
    assert newssift.analyze(raw.decode("utf-8")) == want


def test_analyze_mhtml_equals_cli():
    path = os.path.join(ROOT, "tests", "data", "pages", "h57-mhtml-chrome-disqus-frame.mhtml")
    want = json.loads(cli_report(path))
    raw = open(path, "rb").read()
    assert newssift.analyze(raw) == want
    assert newssift.analyze(raw, format="mhtml") == want
    assert len(want["comments"]) == 3


def test_analyze_dict_page_equals_cli():
    page = json.load(open(example("json"), encoding="utf-8"))
    assert newssift.analyze(page) == json.loads(cli_report(example("json")))


@pytest.mark.parametrize("ext", FORMATS)
def test_analyze_json_is_the_cli_line(ext):
    with newssift.Analyzer() as a:
        assert a.analyze_json(pathlib.Path(example(ext))).encode("utf-8") == cli_report(example(ext))


@pytest.mark.parametrize("output", ["text", "html"])
def test_render_equals_cli(output):
    want = cli("analyze", example("txt"), "--output", output).stdout.decode("utf-8")
    with newssift.Analyzer() as a:
        assert a.render(pathlib.Path(example("txt")), output=output) == want


def test_format_is_obeyed():
    # the JSON page read as plain text is another page, exactly as the CLI reads it
    want = json.loads(cli_report(example("json"), "--format", "text"))
    got = newssift.analyze(open(example("json"), "rb").read(), format="text")
    assert got == want and got["page"]["text"].lstrip().startswith("{")


def test_example_page_findings_and_spans():
    r = newssift.analyze(pathlib.Path(example("txt")))
    text = r["page"]["text"]
    assert r["verdict"] == "unreliable"
    assert [c["author"] for c in r["comments"]] == ["Ron Wheeler", "John C Carlton", "Robert Walters"]
    assert r["comments"][2]["label"] == "hate"
    vague = r["sourcing"]["vague"]
    assert any(newssift.span_text(text, v["span"]) == v["text"] == "According to reports" for v in vague)
    for c in r["comments"]:
        assert newssift.span_text(text, c["author_span"]) == c["author"]


def test_analyzer_is_reused_and_threads_keep_order():
    pages = [pathlib.Path(example(e)) for e in FORMATS] * 3
    with newssift.Analyzer(models=os.path.join(ROOT, "models")) as a:
        one = [a.analyze(p) for p in pages]
        assert a.analyze_many(pages, threads=2) == one
        assert [json.loads(x) for x in a.analyze_many(pages, threads=1, as_json=True)] == one
    assert one[0] == one[3] == one[6] and one[0] != one[1]


def test_default_models_are_the_librarys():
    assert newssift.models_default() == os.path.join(ROOT, "models")
    with newssift.Analyzer(models=newssift.models_default()) as a:
        assert a.analyze(pathlib.Path(example("txt"))) == newssift.analyze(pathlib.Path(example("txt")))


def test_sources_lists_equal_cli(tmp_path):
    lst = os.path.join(SHARED, "data", "news", "sources", "opensources", "sources.csv")
    if not os.path.isfile(lst):
        pytest.skip("no OpenSources list in ../shared")
    page = json.load(open(example("json"), encoding="utf-8"))
    page["url"] = "http://www.infowars.com/some/story"
    f = tmp_path / "page.json"
    f.write_text(json.dumps(page), encoding="utf-8")
    want = json.loads(cli_report(f, "--sources", lst))
    assert want["source"]["lists"], "the list should know the site"
    with newssift.Analyzer(sources=[lst]) as a:
        assert a.analyze(page) == want
    assert newssift.analyze(page, sources=lst) == want


def test_shared_analyzers_load_once_and_pickle_to_them():
    a = newssift.shared()
    n = newssift.analyzer.shared_opened()
    assert newssift.shared() is a and pickle.loads(pickle.dumps(a)) is a
    b = newssift.Analyzer()
    assert pickle.loads(pickle.dumps(b)) is a
    b.close()
    a.close()  # a no-op for shared analyzers
    assert a.analyze("Some text of a page.")["page"]["text"] == "Some text of a page."
    assert newssift.analyzer.shared_opened() == n


def test_invalid_utf8_is_repaired_and_counted():
    r = newssift.analyze(b"Caf\xe9 owners say the \xff\xfe rules changed.\n")
    assert "\ufffd" in r["page"]["text"]
    assert r == json.loads(cli("analyze", "-", "--output", "json",
                               input=b"Caf\xe9 owners say the \xff\xfe rules changed.\n").stdout)
