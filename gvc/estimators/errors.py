"""Errors and warnings raised by the estimator layer.

Every message names the offending column, term or option and says what to do. The error
classes subclass both :class:`gvc.errors.ValidationError` (so the CLI reports them without a
traceback) and :class:`ValueError` (so generic callers can catch them).
"""

from __future__ import annotations

import re

from gvc.errors import ValidationError

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain(exc: BaseException | str) -> str:
    """A library's error message as one plain line: terminal colour codes and formulaic's
    highlight marks removed (``y ~ x ⧛+⧚`` -> ``y ~ x +``), whitespace collapsed."""
    text = _ANSI.sub("", str(exc)).replace("\u29db", "").replace("\u29da", "")
    return " ".join(text.split())


class SpecificationError(ValidationError, ValueError):
    """The formula, data or variance option cannot define an estimable model."""


class FewClustersWarning(UserWarning):
    """Cluster-robust inference with few clusters: t(G-1) tests over-reject; use ``wild``."""


class SingletonWarning(UserWarning):
    """Observations alone in a fixed-effect group were dropped (fixest/reghdfe convention)."""


class DroppedRowsWarning(UserWarning):
    """Rows with missing or non-finite values in model variables were dropped."""
