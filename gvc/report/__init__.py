"""The reproducible report: ``claims.csv``, ``claims.md``, ``index.html``, tables, figures and
``manifest.json`` from the claims ledger and one :class:`ClaimSection` per claim.

- :func:`write_report` (:mod:`gvc.report.writer`): write the report folder, all or nothing,
  byte-for-byte deterministic apart from ``manifest.json``'s ``timing``.
- :class:`ClaimSection` (:mod:`gvc.report.model`): one claim's write-up.
- :func:`save_figure`, :func:`new_figure` (:mod:`gvc.report.figures`): report figures.
- :func:`sha256_file` (:mod:`gvc.report.manifest`): checksums for the manifest's ``raw_files``.
"""

from __future__ import annotations

from gvc.report.figures import new_figure, save_figure, style
from gvc.report.manifest import sha256_file
from gvc.report.model import VERDICT_COLOURS, ClaimSection
from gvc.report.writer import DEFAULT_TITLE, write_report

WATERMARK_DEMO = "SYNTHETIC DEMO DATA - not evidence"
"""The demo's watermark."""

__all__ = [
    "DEFAULT_TITLE",
    "VERDICT_COLOURS",
    "WATERMARK_DEMO",
    "ClaimSection",
    "new_figure",
    "save_figure",
    "sha256_file",
    "style",
    "write_report",
]
