"""Exceptions raised for bad input. Messages name the file, row or parameter and what to do."""


class GvcError(Exception):
    """Base class for gvc errors that the CLI reports without a traceback."""


class DataError(GvcError):
    """A raw or processed file is missing, malformed or inconsistent."""


class UnknownNameError(DataError):
    """A table, column or filter value asked for does not exist (a typo, not missing data): the
    message carries the closest known name. A user's claim function that raises it stops
    ``gvc reproduce --claims`` instead of becoming a ``data unavailable`` row."""


class AcquisitionError(GvcError):
    """A raw file could not be found locally, in the mirror, or downloaded."""


class ValidationError(GvcError, ValueError):
    """A table failed a schema, key or accounting check, or an argument is not valid for the
    call (also a ``ValueError``)."""


class ConfigError(GvcError):
    """A setting (environment variable or option) names an impossible place or value."""


def user_stacklevel() -> int:
    """``stacklevel`` for :func:`warnings.warn` that points at the first frame outside the gvc
    package: the user's line (their script, notebook cell or test), not gvc's internals. Call it
    in the argument list of ``warnings.warn``."""
    import os
    import sys

    pkg = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame = sys._getframe(1)  # the function that warns (stacklevel 1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(pkg):
        frame = frame.f_back
        level += 1
    return level
