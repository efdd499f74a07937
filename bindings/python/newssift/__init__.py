"""newssift: how far to trust a news page, with the evidence, from Python.

A thin ctypes layer over libnewssift.so (no compiler needed to install it)::

    import newssift
    report = newssift.analyze(open("page.html", "rb").read())     # or text, a dict JSON page, a Path
    report["trust"], report["verdict"], report["comments"][0]["label"]

    with newssift.Analyzer(sources=["sites.csv"]) as a:          # models loaded once, reused
        reports = a.analyze_many(pages, threads=2)

    m = newssift.Model("models/comment.nsm")
    m.predict(["you are all idiots"], explain=3)                  # newssift predict's objects

Reports follow docs/report.schema.json and equal the CLI's ``--output json``; every span is a
``[start, end)`` byte range of ``report["page"]["text"]`` in UTF-8 (:func:`span_text` slices one).
Failures raise :class:`InputError`, :class:`UsageError` or :class:`SystemError_` (all :class:`Error`)
with the library's message. Batch scoring on Dask is in :mod:`newssift.dask`. See docs/python.md.
"""

from ._lib import library_path, load_library
from .analyzer import Analyzer, analyze, shared
from .errors import Error, InputError, LibraryError, SystemError_, UsageError
from .model import Model

__all__ = ["analyze", "Analyzer", "Model", "shared", "span_text", "load_library", "library_path",
           "library_version", "models_default", "Error", "InputError", "UsageError", "SystemError_",
           "LibraryError"]

__version__ = "0.1.0"


def library_version():
    """The version of the libnewssift loaded (NS_VERSION at its build)."""
    from . import _lib
    return _lib.lib().ns_version().decode()


def models_default():
    """The models folder the library uses when none is given."""
    from . import _lib
    return _lib.lib().ns_models_default().decode()


def span_text(text, span):
    """The text of a ``[start, end)`` byte span of ``text`` (a str, as in ``report["page"]["text"]``)."""
    start, end = span
    return text.encode("utf-8", "surrogatepass")[start:end].decode("utf-8", "replace")
