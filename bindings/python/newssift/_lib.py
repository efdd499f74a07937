"""Finding and loading libnewssift.so, and declaring the C functions the package calls.

The library is found, first match wins:

1. the path given to :func:`newssift.load_library` (before anything else uses the library);
2. the environment variable ``NEWSSIFT_LIB`` (a path to the .so);
3. ``build/libnewssift.so`` of the source tree this package sits in (``bindings/python/../../build``),
   so that a checkout runs after ``make`` with only ``PYTHONPATH=bindings/python``;
4. ``libnewssift.so.0`` through the dynamic loader's search path (``make install`` puts it in
   ``$(PREFIX)/lib``; run ``ldconfig`` after installing, or set ``LD_LIBRARY_PATH``).

One library serves the whole process. Only ``ns_error`` is mirrored as a ctypes structure: every other
call takes opaque handles, bytes and plain integers (see "bindings" in include/newssift.h), so the
package does not depend on the layout of any other C struct.
"""

import ctypes
import os
import threading

from .errors import LibraryError, SystemError_, from_code


class NsError(ctypes.Structure):
    """``ns_error`` of include/newssift.h: ``int code; char msg[512];``."""

    _fields_ = [("code", ctypes.c_int), ("msg", ctypes.c_char * 512)]


_P = ctypes.c_void_p
_PP = ctypes.POINTER(ctypes.c_void_p)
_E = ctypes.POINTER(NsError)
_S = ctypes.c_char_p
_Z = ctypes.c_size_t
_I = ctypes.c_int

# name: (restype, argtypes)
_PROTOTYPES = {
    "ns_version": (_S, []),
    "ns_models_default": (_S, []),
    "ns_free": (None, [_P]),
    "ns_scratch_new": (_P, []),
    "ns_scratch_free": (None, [_P]),
    "ns_analyzer_open_args": (_I, [_PP, ctypes.POINTER(_S), _E]),
    "ns_analyzer_close": (None, [_P]),
    "ns_analyze": (_I, [_P, _P, _S, _Z, _I, _S, _PP, _E]),
    "ns_report_free": (None, [_P]),
    "ns_report_json": (_P, [_P]),
    "ns_report_text": (_P, [_P, _I]),
    "ns_report_html": (_P, [_P]),
    "ns_page_format_from_name": (_I, [_S]),
    "ns_model_open": (_I, [_PP, _S, _E]),
    "ns_model_close": (None, [_P]),
    "ns_model_labels": (_Z, [_P]),
    "ns_model_label": (_S, [_P, _Z]),
    "ns_model_summary": (_S, [_P]),
    "ns_model_describe": (_I, [_P, _PP]),
    "ns_predict_json": (_I, [_P, _P, _S, _Z, _S, _I, _PP, _E]),
}

_lock = threading.Lock()
_lib = None
_path = None


def _repo_build_lib():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "build", "libnewssift.so"))


def _candidates():
    env = os.environ.get("NEWSSIFT_LIB")
    if env:
        return [env]  # set on purpose: no silent fallback to another library
    repo = _repo_build_lib()
    return ([repo] if os.path.isfile(repo) else []) + ["libnewssift.so.0"]


def _declare(lib, path):
    for name, (res, args) in _PROTOTYPES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise LibraryError("%s: has no %s (built from an older newssift than this package?)"
                               % (path, name)) from None
        fn.restype, fn.argtypes = res, args
    return lib


def load_library(path=None):
    """Load libnewssift (see the module's doc for the search order) and return the ctypes handle.

    A path names the library explicitly; it must be given before anything else has loaded the library,
    since one library serves the process (a different path later raises :class:`LibraryError`).
    """
    global _lib, _path
    with _lock:
        if _lib is not None:
            if path is not None and os.path.realpath(os.fspath(path)) != os.path.realpath(_path):
                raise LibraryError("%s: cannot load, the process already uses %s" % (os.fspath(path), _path))
            return _lib
        tried = []
        for cand in [os.fspath(path)] if path is not None else _candidates():
            try:
                lib = ctypes.CDLL(cand)
            except OSError as e:
                tried.append(str(e))
                continue
            _lib = _declare(lib, cand)
            _path = cand
            return _lib
        raise LibraryError("libnewssift not found (set NEWSSIFT_LIB to build/libnewssift.so, or run "
                           "make install and ldconfig): " + "; ".join(tried))


def library_path():
    """The path (or soname) of the library loaded, loading it if needed."""
    load_library()
    return _path


def lib():
    return _lib if _lib is not None else load_library()


def check(rc, err):
    """Raise the exception of an ns_error when rc is not NS_OK."""
    if rc:
        raise from_code(err.code or rc, err.msg.decode("utf-8", "replace"))


def take_string(lib_, ptr, what="result"):
    """The bytes of a NUL-terminated string the library malloc'd, freed with ns_free."""
    if not ptr:
        raise SystemError_("out of memory making the %s" % what)
    try:
        return ctypes.string_at(ptr)
    finally:
        lib_.ns_free(ptr)


class _Scratch:
    """One ns_scratch (feature buffers reused across predictions); freed with its thread."""

    __slots__ = ("ptr", "free")

    def __init__(self, lib_):
        self.ptr = lib_.ns_scratch_new()
        if not self.ptr:
            raise SystemError_("out of memory")
        self.free = lib_.ns_scratch_free

    def __del__(self):
        if self.ptr:
            self.free(self.ptr)
            self.ptr = None


_local = threading.local()


def scratch():
    """This thread's scratch. Scratch space is not tied to a model, so every Analyzer and Model a thread
    uses shares one; threads never share theirs (the library's rule)."""
    s = getattr(_local, "scratch", None)
    if s is None:
        s = _local.scratch = _Scratch(lib())
    return s.ptr


class Handle:
    """A library handle's Python lifetime: `with` closes it, and so does garbage collection.
    Subclasses define close(), which must be safe to call twice."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
