"""Batch scoring on Dask: a bag of pages into a bag of reports, report columns onto a dataframe.

    import dask.bag as db, newssift.dask
    reports = newssift.dask.analyze_bag(db.read_text("pages-*.jsonl"), format="json")
    df = newssift.dask.analyze_frame(dd.read_parquet("pages/"), text_col="html", format="html")

Partitions are processed with ``map_partitions``; in each worker process the analyzer for a set of
options is opened once (:func:`newssift.shared`) and reused by every partition and thread after it. Only
the options travel with the tasks, so the client needs neither the library nor the models: every worker
needs libnewssift.so, the models folder and any ``sources`` files at the paths given (see docs/python.md,
"On a cluster"). Output order is input order, and each report equals the CLI's for the same page.
"""

import functools
import json

from .analyzer import shared
from .errors import Error, InputError

_OPTION_NAMES = ("models", "sources", "index")


def _options(opts):
    bad = sorted(set(opts) - set(_OPTION_NAMES))
    if bad:
        raise TypeError("unknown analyzer option(s) %s (known: %s)" % (", ".join(bad), ", ".join(_OPTION_NAMES)))
    sources = opts.get("sources") or ()
    if isinstance(sources, str):
        sources = (sources,)
    return {"models": opts.get("models"), "sources": tuple(sources), "index": opts.get("index")}


def _check_errors(errors):
    if errors not in ("raise", "null"):
        raise ValueError("errors wants 'raise' or 'null', not %r" % (errors,))


def _error_object(e):
    """A failed page's stand-in with errors="null": the HTTP API's error shape."""
    kind = {1: "usage", 2: "input", 3: "system"}.get(e.code, "error")
    return {"error": kind, "message": str(e)}


# ----------------------------------------------------------------------------------------- bags

def _bag_partition(pages, format, as_json, errors, options):
    a = shared(**options)
    one = a.analyze_json if as_json else a.analyze
    out = []
    for p in pages:
        try:
            out.append(one(p, format=format))
        except Error as e:
            if errors == "raise":
                raise
            err = _error_object(e)
            out.append(json.dumps(err) if as_json else err)
    return out


def analyze_bag(bag, *, format="auto", as_json=False, errors="raise", **analyzer_options):
    """A bag of reports (dicts, or JSON strings with ``as_json=True``) from a bag of pages.

    A page is what :meth:`newssift.Analyzer.analyze` takes: a str (text, HTML, or a JSON page as text,
    e.g. the lines of ``db.read_text("pages.jsonl")``; ``format="json"`` reads them as JSON pages
    whatever their first byte), bytes, or a dict JSON page. ``analyzer_options``: ``models``,
    ``sources``, ``index`` as for :class:`newssift.Analyzer`. ``errors="raise"`` (default) fails the
    computation at the first bad page with its :class:`newssift.Error`; ``errors="null"`` puts
    ``{"error": "input", "message": ...}`` in its place and goes on.
    """
    _check_errors(errors)
    fn = functools.partial(_bag_partition, format=format, as_json=as_json, errors=errors,
                           options=_options(analyzer_options))
    return bag.map_partitions(fn)


# ----------------------------------------------------------------------------------- dataframes

def _columns(prefix, with_error):
    import numpy as np
    import pandas as pd
    cols = {
        prefix + "trust": pd.Series([], dtype="Int64"),
        prefix + "verdict": pd.Series([], dtype=object),
        prefix + "p_unreliable": pd.Series([], dtype=np.float64),
        prefix + "p_clickbait": pd.Series([], dtype=np.float64),
        prefix + "n_comments": pd.Series([], dtype="Int64"),
        prefix + "n_hateful_comments": pd.Series([], dtype="Int64"),
        prefix + "report": pd.Series([], dtype=object),
    }
    if with_error:
        cols[prefix + "error"] = pd.Series([], dtype=object)
    return cols


def _row_page(row, text_col, title_col, url_col):
    text = row[text_col]
    if title_col is None and url_col is None:
        return text
    page = {"text": text}
    if title_col is not None and isinstance(row[title_col], str):
        page["title"] = row[title_col]
    if url_col is not None and isinstance(row[url_col], str):
        page["url"] = row[url_col]
    return page


def _frame_partition(pdf, text_col, title_col, url_col, format, prefix, errors, options):
    import numpy as np
    import pandas as pd
    a = shared(**options)
    n = len(pdf)
    trust, verdict, p_unrel, p_bait, n_com, n_hate, report, error = ([None] * n for _ in range(8))
    cols = [c for c in (text_col, title_col, url_col) if c is not None]
    for i, row in enumerate(pdf[cols].to_dict("records")):
        page = _row_page(row, text_col, title_col, url_col)
        try:
            if not isinstance(page, (str, bytes, dict)):  # None, NaN: a missing value
                raise InputError("row %r: no page text (%r)" % (pdf.index[i], page))
            js = a.analyze_json(page, format=format)
        except Error as e:
            if errors == "raise":
                raise
            error[i] = str(e)
            continue
        r = json.loads(js)
        report[i] = js
        trust[i] = r["trust"]
        verdict[i] = r["verdict"]
        p_unrel[i] = (r.get("content") or {}).get("p_unreliable")
        p_bait[i] = (r.get("headline") or {}).get("p_clickbait")
        comments = r.get("comments") or []
        n_com[i] = len(comments)
        n_hate[i] = sum(1 for c in comments if c.get("label") == "hate")
    out = pdf.copy()
    out[prefix + "trust"] = pd.array(trust, dtype="Int64")
    out[prefix + "verdict"] = pd.Series(verdict, index=pdf.index, dtype=object)
    out[prefix + "p_unreliable"] = np.array([np.nan if x is None else x for x in p_unrel], dtype=np.float64)
    out[prefix + "p_clickbait"] = np.array([np.nan if x is None else x for x in p_bait], dtype=np.float64)
    out[prefix + "n_comments"] = pd.array(n_com, dtype="Int64")
    out[prefix + "n_hateful_comments"] = pd.array(n_hate, dtype="Int64")
    out[prefix + "report"] = pd.Series(report, index=pdf.index, dtype=object)
    if errors == "null":
        out[prefix + "error"] = pd.Series(error, index=pdf.index, dtype=object)
    return out


def analyze_frame(df, text_col="text", *, title_col=None, url_col=None, format="auto", prefix="",
                  errors="raise", **analyzer_options):
    """``df`` with report columns added (a Dask dataframe, lazily; the input columns are kept):

    ``trust`` (Int64, 0-100), ``verdict`` (str), ``p_unreliable`` and ``p_clickbait`` (float64, NaN when
    the page has no article or no headline), ``n_comments`` and ``n_hateful_comments`` (Int64), and
    ``report`` (the whole report as the library's JSON text, byte for byte the CLI's line), each name
    after ``prefix``. The page of a row is ``df[text_col]`` (text, HTML or JSON page text, read by
    ``format``); with ``title_col`` and/or ``url_col`` the row becomes a JSON page ``{"title", "url",
    "text"}`` instead, so the headline and the site are analysed too. ``errors="null"`` leaves a bad
    row's report columns empty and adds an ``error`` column with the message; the default raises.
    ``analyzer_options``: ``models``, ``sources``, ``index`` as for :class:`newssift.Analyzer`.
    """
    _check_errors(errors)
    options = _options(analyzer_options)
    for c in (text_col, title_col, url_col):
        if c is not None and c not in df.columns:
            raise KeyError("no column %r in the dataframe (columns: %s)" % (c, ", ".join(map(str, df.columns))))
    meta = df._meta.copy()
    for name, empty in _columns(prefix, errors == "null").items():
        meta[name] = empty
    return df.map_partitions(_frame_partition, text_col, title_col, url_col, format, prefix, errors, options,
                             meta=meta)
