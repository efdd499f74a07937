"""Page analysis: :class:`Analyzer` (models loaded once, reused) and :func:`analyze` (one call)."""

import ctypes
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from . import _lib
from .errors import InputError, UsageError

_FORMATS = ("auto", "text", "html", "json", "mhtml")  # in ns_page_format order
_OUTPUTS = ("json", "text", "html")


def _encode_text(s):
    # surrogateescape restores the bytes of a string decoded that way (os.fsdecode, ...); any other lone
    # surrogate goes through as invalid UTF-8, which the library replaces by U+FFFD and counts.
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def _read_path(path):
    p = os.fspath(path)
    try:
        with open(p, "rb") as f:
            return f.read()
    except OSError as e:
        raise InputError("%s: cannot open: %s" % (p, e.strerror or e)) from None


def page_bytes(page, format="auto", name=None):
    """(data, format code, name) for ns_analyze, from any page the package accepts:

    - ``str``: the page's text (plain text as scraped, HTML, or a JSON page as text), sent as UTF-8;
    - ``bytes``/``bytearray``/``memoryview``: the page's raw bytes, as the CLI reads a file;
    - ``dict``: a JSON page ``{"url", "title", "text", "comments": [{"author", "text"}]}``;
    - ``os.PathLike`` (``pathlib.Path``): a file to read; error messages name it, as the CLI's do.
    A ``str`` is always page text, never a file name.
    """
    if format not in _FORMATS:
        raise UsageError("format wants auto, text, html, json or mhtml, not %r" % (format,))
    if isinstance(page, str):
        data = _encode_text(page)
    elif isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
    elif isinstance(page, dict):
        if format not in ("auto", "json"):
            raise UsageError("a dict is a JSON page; format=%r cannot read it" % (format,))
        data = _encode_text(json.dumps(page, ensure_ascii=False))
        format = "json"
    elif isinstance(page, os.PathLike):
        data = _read_path(page)
        if name is None:
            name = os.fspath(page)
    else:
        raise TypeError("a page is str, bytes, a dict (JSON page) or a path, not %s" % type(page).__name__)
    if name is None:
        name = "<page>"
    return data, _FORMATS.index(format), os.fsencode(name)


def _args(models, sources, index):
    """The analyzer's options as ns_analyzer_open_args strings."""
    args = []
    if models is not None:
        args.append(b"models=" + os.fsencode(models))
    if isinstance(sources, (str, bytes, os.PathLike)):
        sources = [sources]
    for s in sources or ():
        args.append(b"sources=" + os.fsencode(s))
    if index is not None:
        args.append(b"index=" + os.fsencode(index))
    return args


class Analyzer(_lib.Handle):
    """The bundled models, the combiner and the site lists, loaded once; analyses pages.

    ``models``: the models folder (default: the library's own, ``models/`` of the source tree it was
    built in, else ``$(PREFIX)/share/newssift/models``). ``sources``: site reputation lists (a path or a
    list of paths: OpenSources CSV/JSON, MBFC JSON, media factuality TSV). ``index``: a trace index
    (``newssift trace add``); pending until the library's analyzer takes an index, until then it raises
    :class:`UsageError` naming the options the library knows.

    An Analyzer is read-only once open: threads may share one (each thread gets its own scratch space).
    Close it with :meth:`close` or a ``with`` block; it also closes when garbage collected.
    """

    _is_shared = False

    def __init__(self, models=None, sources=(), index=None, *, library=None):
        self._h = None
        self._lib = _lib.load_library(library)
        self.options = {"models": models, "sources": tuple(sources) if not isinstance(
            sources, (str, bytes, os.PathLike)) else (sources,), "index": index}
        args = _args(models, sources, index)
        argv = (ctypes.c_char_p * (len(args) + 1))(*args, None)
        h = ctypes.c_void_p()
        err = _lib.NsError()
        _lib.check(self._lib.ns_analyzer_open_args(ctypes.byref(h), argv, ctypes.byref(err)), err)
        self._h = h

    # ------------------------------------------------------------------ core

    def _render(self, page, format, name, output, color=False):
        if self._h is None:
            raise UsageError("the analyzer is closed")
        data, fmt, cname = page_bytes(page, format, name)
        L = self._lib
        rep = ctypes.c_void_p()
        err = _lib.NsError()
        _lib.check(L.ns_analyze(self._h, _lib.scratch(), data, len(data), fmt, cname, ctypes.byref(rep),
                                ctypes.byref(err)), err)
        try:
            if output == "json":
                p = L.ns_report_json(rep)
            elif output == "text":
                p = L.ns_report_text(rep, 1 if color else 0)
            else:
                p = L.ns_report_html(rep)
            return _lib.take_string(L, p, "report")
        finally:
            L.ns_report_free(rep)

    # ------------------------------------------------------------------- API

    def analyze(self, page, *, format="auto", name=None):
        """The report of one page as a dict (docs/report.schema.json): the CLI's
        ``newssift analyze PAGE --output json``, parsed. ``format``: auto|text|html|json|mhtml (auto sniffs the
        first bytes). ``name`` appears in error messages (default: the path, or ``<page>``)."""
        return json.loads(self._render(page, format, name, "json"))

    def analyze_json(self, page, *, format="auto", name=None):
        """The report as the library's JSON text (one line, no newline), byte for byte the line
        ``newssift analyze --output json`` prints; cheaper than :meth:`analyze` when the report is only
        stored."""
        return self._render(page, format, name, "json").decode("utf-8")

    def render(self, page, *, output="text", format="auto", name=None, color=False):
        """The report as ``text`` (for a terminal; ANSI colour with ``color=True``), ``html`` (one
        self-contained page with the evidence highlighted) or ``json``, as a str."""
        if output not in _OUTPUTS:
            raise UsageError("output wants text, json or html, not %r" % (output,))
        return self._render(page, format, name, output, color).decode("utf-8")

    def analyze_many(self, pages, *, format="auto", threads=1, as_json=False):
        """Reports of many pages, in input order (a list). ``threads`` > 1 analyses on that many threads
        (the library releases the GIL while it works); ``as_json=True`` gives JSON strings instead of
        dicts. The first page that fails raises its error."""
        one = self.analyze_json if as_json else self.analyze
        pages = list(pages)
        if threads is None:
            threads = os.cpu_count() or 1
        if threads <= 1 or len(pages) < 2:
            return [one(p, format=format) for p in pages]
        with ThreadPoolExecutor(max_workers=threads) as ex:
            return list(ex.map(lambda p: one(p, format=format), pages))

    def close(self):
        """Free the models (not for the shared analyzers of :func:`shared`, which live as long as the
        process). Pages in flight on other threads must have finished."""
        if getattr(self, "_is_shared", False):
            return
        h, self._h = getattr(self, "_h", None), None
        if h is not None:
            self._lib.ns_analyzer_close(h)

    def __reduce__(self):
        # An Analyzer travels (to a Dask worker, a multiprocessing child) as its options and arrives as
        # that process's shared analyzer for them: opened at the first arrival, reused by the next.
        o = self.options
        return (shared, (o["models"], o["sources"], o["index"]))

    def __repr__(self):
        return "newssift.Analyzer(models=%r, sources=%r, index=%r)" % (
            self.options["models"], self.options["sources"], self.options["index"])


_shared = {}
_shared_lock = threading.Lock()
_shared_opened = 0


def _key(models, sources, index):
    def norm(p):
        return None if p is None else os.path.abspath(os.fsdecode(p))
    if isinstance(sources, (str, bytes, os.PathLike)):
        sources = [sources]
    return norm(models), tuple(norm(s) for s in sources or ()), norm(index)


def shared(models=None, sources=(), index=None):
    """The process's analyzer for these options: opened at the first call, returned again by the next
    ones (in every thread) and kept until the process ends; its :meth:`Analyzer.close` does nothing.
    :func:`analyze`, pickled analyzers and :mod:`newssift.dask` use it, so a process (a Dask worker)
    loads the models once per set of options. Relative paths are taken from the current folder."""
    global _shared_opened
    key = _key(models, sources, index)
    with _shared_lock:
        a = _shared.get(key)
        if a is None:
            a = Analyzer(*key)
            a._is_shared = True
            _shared[key] = a
            _shared_opened += 1
        return a


def shared_opened():
    """How many analyzers :func:`shared` has opened in this process (one per distinct set of options)."""
    return _shared_opened


def analyze(page, *, format="auto", models=None, sources=(), index=None, name=None):
    """The report of one page as a dict: :meth:`Analyzer.analyze` on the process's shared analyzer for
    these options (see :func:`shared`), so only the first call pays for loading the models."""
    return shared(models, sources, index).analyze(page, format=format, name=name)
