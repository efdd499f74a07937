"""One model file: :class:`Model` loads it (mmap, checksummed) and predicts like ``newssift predict``."""

import ctypes
import json
import os

from . import _lib
from .analyzer import _encode_text
from .errors import InputError, UsageError


def _record(item, i):
    """(text bytes, id) of one document, composed as ``newssift predict`` composes a JSONL record:
    title, a newline, then text when there is a title; without an id, the 1-based position."""
    if isinstance(item, str):
        return _encode_text(item), str(i + 1)
    if isinstance(item, (bytes, bytearray, memoryview)):
        return bytes(item), str(i + 1)
    if isinstance(item, dict):
        text = item.get("text")
        if not isinstance(text, str):
            raise InputError('texts[%d]: "text" %s' % (i, "is missing" if text is None else "must be a string"))
        title = item.get("title")
        if title is not None and not isinstance(title, str):
            raise InputError('texts[%d]: "title" must be a string' % i)
        doc = title + "\n" + text if title else text
        rid = item.get("id")
        if rid is None:
            rid = str(i + 1)
        elif isinstance(rid, bool) or not isinstance(rid, (str, int)):
            raise InputError('texts[%d]: "id" must be a string or an integer' % i)
        return _encode_text(doc), str(rid)
    raise TypeError("a document is a str, bytes or a dict with \"text\", not %s" % type(item).__name__)


class Model(_lib.Handle):
    """A model file (``newssift train`` writes them; the bundled ones are in ``models/``).

    Loading verifies the whole file's checksum: a truncated or damaged file raises :class:`InputError`
    naming the file and the byte. ``labels`` are the model's labels in its own order; ``summary`` the
    training summary stored in the file. A Model is read-only: threads may share one.
    """

    def __init__(self, path, *, library=None):
        self._h = None
        self._lib = _lib.load_library(library)
        self.path = os.fspath(path)
        h = ctypes.c_void_p()
        err = _lib.NsError()
        _lib.check(self._lib.ns_model_open(ctypes.byref(h), os.fsencode(self.path), ctypes.byref(err)), err)
        self._h = h
        n = self._lib.ns_model_labels(h)
        self.labels = [self._lib.ns_model_label(h, i).decode("utf-8") for i in range(n)]
        s = self._lib.ns_model_summary(h)
        self.summary = json.loads(s.decode("utf-8")) if s else {}

    def _handle(self):
        if self._h is None:
            raise UsageError("%s: the model is closed" % self.path)
        return self._h

    def predict_one(self, text, *, explain=0, id=None):
        """The prediction of one document as predict's JSON object (a dict): ``label``, ``probs`` and,
        with ``explain=K``, ``explain: {"for": [...], "against": [...]}`` (K features each way, their
        ``weight`` and byte ``spans`` in the UTF-8 text). ``id`` is echoed when given."""
        if isinstance(explain, bool) or not isinstance(explain, int) or not 0 <= explain <= 1000:
            raise UsageError("explain wants a number within 0-1000, not %r" % (explain,))
        data = _encode_text(text) if isinstance(text, str) else bytes(text)
        out = ctypes.c_void_p()
        err = _lib.NsError()
        L = self._lib
        _lib.check(L.ns_predict_json(self._handle(), _lib.scratch(), data, len(data),
                                     None if id is None else str(id).encode("utf-8"), explain,
                                     ctypes.byref(out), ctypes.byref(err)), err)
        return json.loads(_lib.take_string(L, out.value, "prediction"))

    def predict(self, texts, *, explain=0):
        """Predictions for a list of documents, in order: what ``newssift predict`` prints for them, one
        dict per document. A document is a str (ids are "1", "2", ... as for a text file, one document
        a line), or a dict like a JSONL record: ``text``, optional ``title`` (read as part of the text)
        and ``id``."""
        if isinstance(texts, (str, bytes, dict)):
            raise TypeError("predict takes a list of documents; for one, use predict_one")
        out = []
        for i, item in enumerate(texts):
            data, rid = _record(item, i)
            out.append(self.predict_one(data, explain=explain, id=rid))
        return out

    def describe(self):
        """What ``newssift model info`` prints: format, features, labels, sizes, training summary."""
        p = ctypes.c_void_p()
        rc = self._lib.ns_model_describe(self._handle(), ctypes.byref(p))
        if rc:
            raise _lib.from_code(rc, "%s: cannot describe the model" % self.path)
        return _lib.take_string(self._lib, p.value, "description").decode("utf-8")

    def close(self):
        h, self._h = self._h, None
        if h is not None:
            self._lib.ns_model_close(h)

    def __reduce__(self):
        return (Model, (self.path,))

    def __repr__(self):
        return "newssift.Model(%r)" % self.path
