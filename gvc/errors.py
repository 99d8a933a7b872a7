"""Exceptions raised for bad input. Messages name the file, row or parameter and what to do."""


class GvcError(Exception):
    """Base class for gvc errors that the CLI reports without a traceback."""


class DataError(GvcError):
    """A raw or processed file is missing, malformed or inconsistent."""


class AcquisitionError(GvcError):
    """A raw file could not be found locally, in the mirror, or downloaded."""


class ValidationError(GvcError, ValueError):
    """A table failed a schema, key or accounting check, or an argument is not valid for the
    call (also a ``ValueError``)."""


class ConfigError(GvcError):
    """A setting (environment variable or option) names an impossible place or value."""
