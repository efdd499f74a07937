"""The exceptions newssift raises.

Every failure of the library arrives as an ``ns_error``: a status code and a one-line message naming the
file and the line or byte ("page.json:3: column 7: ..."). The package raises the subclass of
:class:`Error` that matches the code, with the library's message as the exception's text:

=====================  ===========  ===============================================================
exception              ns_error     when
=====================  ===========  ===============================================================
:class:`UsageError`    NS_EUSAGE    the caller asked for something meaningless (an unknown option)
:class:`InputError`    NS_EINPUT    a page, model, list or data file is missing, unreadable or bad
:class:`SystemError_`  NS_ESYSTEM   out of memory, a failed read or write
:class:`LibraryError`  -            libnewssift.so cannot be found or is too old for this package
=====================  ===========  ===============================================================

The codes are the CLI's exit statuses (1, 2, 3). The exceptions pickle, so they cross Dask workers intact.
"""

NS_EUSAGE = 1
NS_EINPUT = 2
NS_ESYSTEM = 3


class Error(Exception):
    """Base of every newssift error. ``code`` is the ns_error code, ``message`` the library's message."""

    code = None

    @property
    def message(self):
        return str(self)


class UsageError(Error, ValueError):
    """NS_EUSAGE: an unknown option, a bad format name, a negative explain count."""

    code = NS_EUSAGE


class InputError(Error, ValueError):
    """NS_EINPUT: an empty or malformed page, a missing or damaged model, an unreadable list."""

    code = NS_EINPUT


class SystemError_(Error):
    """NS_ESYSTEM: out of memory, a failed read or write. (The underscore keeps Python's own
    SystemError unshadowed.)"""

    code = NS_ESYSTEM


class LibraryError(Error, OSError):
    """libnewssift.so was not found, or lacks a function this package needs."""


_BY_CODE = {NS_EUSAGE: UsageError, NS_EINPUT: InputError, NS_ESYSTEM: SystemError_}


def from_code(code, message):
    """The exception for an ns_error code (an unknown code is an Error)."""
    return _BY_CODE.get(code, Error)(message)
