"""Each failure becomes the right exception, with the library's own message (the CLI's, without its
"newssift: " prefix), and the code the CLI exits with."""

import os
import pickle
import shutil
import subprocess
import sys

import pytest

import newssift
from conftest import EXAMPLE_MODEL, PKG, ROOT, cli_error

BAD_PAGE = b'{"title": "A page", "text": "Body", "comments": [{"author": "x", "text": 3}]}\n'


def raises_like_cli(exc, fn, *cli_args, input=None):
    status, message = cli_error(*cli_args, input=input)
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == message
    assert info.value.code == status == exc.code
    assert isinstance(info.value, newssift.Error)
    return message


def test_missing_model():
    missing = os.path.join(ROOT, "build", "no-such-model.nsm")
    msg = raises_like_cli(newssift.InputError, lambda: newssift.Model(missing),
                          "predict", "--model", missing, os.devnull)
    assert missing in msg


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_bad_model_file(tmp_path, damage):
    data = bytearray(open(EXAMPLE_MODEL, "rb").read())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 3] ^= 0x20
    bad = tmp_path / "bad.nsm"
    bad.write_bytes(bytes(data))
    msg = raises_like_cli(newssift.InputError, lambda: newssift.Model(bad), "predict", "--model", bad,
                          os.devnull)
    assert str(bad) in msg


def test_malformed_json_page(tmp_path):
    f = tmp_path / "page.json"
    f.write_bytes(b'{"title": "A page", "text": "unterminated\n')
    msg = raises_like_cli(newssift.InputError, lambda: newssift.analyze(f), "analyze", f)
    assert msg.startswith(str(f) + ":")


def test_wrong_json_type_in_page(tmp_path):
    f = tmp_path / "page.json"
    f.write_bytes(BAD_PAGE)
    raises_like_cli(newssift.InputError, lambda: newssift.analyze(f), "analyze", f)
    with pytest.raises(newssift.InputError, match=r'^<page>: "comments"\[0\]\.text'):
        newssift.analyze(BAD_PAGE)


def test_empty_page():
    raises_like_cli(newssift.InputError, lambda: newssift.analyze(b" \n", name="<stdin>"), "analyze", "-",
                    input=b" \n")


def test_missing_page_file(tmp_path):
    f = tmp_path / "nowhere.txt"
    raises_like_cli(newssift.InputError, lambda: newssift.analyze(f), "analyze", f)


def test_missing_models_folder(tmp_path):
    d = tmp_path / "models"
    d.mkdir()
    raises_like_cli(newssift.InputError, lambda: newssift.Analyzer(models=d), "analyze", "--models", d,
                    os.devnull)


def test_bad_sources_file(tmp_path):
    f = tmp_path / "sites.csv"
    f.write_bytes(b"\xff\xfe not a list at all\n")
    raises_like_cli(newssift.InputError, lambda: newssift.Analyzer(sources=[f]), "analyze", "--sources", f,
                    os.devnull)


def test_usage_errors():
    with pytest.raises(newssift.Error) as info:
        newssift.Analyzer(index="/nonexistent/pages.idx")
    if "unknown analyzer option 'index'" in str(info.value):  # the library's analyzer takes no index yet
        assert type(info.value) is newssift.UsageError
    else:  # once it does (ns_analyzer_open_args "index=..."), a missing index is bad input naming it
        assert type(info.value) is newssift.InputError and "/nonexistent/pages.idx" in str(info.value)
    with pytest.raises(newssift.UsageError, match="format wants"):
        newssift.analyze("text", format="pdf")
    with pytest.raises(newssift.UsageError, match="explain wants"):
        newssift.Model(EXAMPLE_MODEL).predict(["x"], explain=-1)
    with pytest.raises(newssift.UsageError, match="output wants"):
        newssift.shared().render("text", output="pdf")
    a = newssift.Analyzer()
    a.close()
    with pytest.raises(newssift.UsageError, match="closed"):
        a.analyze("text")
    with pytest.raises(TypeError):
        newssift.analyze(42)


def test_errors_pickle_and_keep_their_class():
    for cls in (newssift.InputError, newssift.UsageError, newssift.SystemError_, newssift.LibraryError):
        e = pickle.loads(pickle.dumps(cls("f.json:1: bad")))
        assert type(e) is cls and str(e) == e.message == "f.json:1: bad"
    assert newssift.SystemError_.code == 3 and issubclass(newssift.InputError, ValueError)


def run_fresh(code, **env):
    e = dict(os.environ, PYTHONPATH=PKG, **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=60)


def test_library_not_found_is_a_library_error():
    p = run_fresh("import newssift\ntry:\n newssift.analyze('x')\nexcept newssift.LibraryError as e:\n"
                  " print('LibraryError', e)", NEWSSIFT_LIB="/nonexistent/libnewssift.so")
    assert p.returncode == 0 and p.stdout.startswith("LibraryError libnewssift not found"), p.stderr
    assert "/nonexistent/libnewssift.so" in p.stdout


def test_explicit_library_path(tmp_path):
    lib = tmp_path / "libnewssift.so"
    shutil.copy(os.environ["NEWSSIFT_LIB"], lib)
    p = run_fresh("import newssift\nnewssift.load_library(%r)\nprint(newssift.library_path())\n"
                  "print(newssift.analyze('A page.')['verdict'] is not None)\n"
                  "try:\n newssift.load_library('/elsewhere/libnewssift.so')\n"
                  "except newssift.LibraryError as e:\n print('refused')" % str(lib), NEWSSIFT_LIB="/nonexistent")
    assert p.stdout.split() == [str(lib), "True", "refused"], p.stderr
