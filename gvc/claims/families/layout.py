"""The one layout every claim family follows: data step, estimate step, figures, text.

A family module (``gvc/claims/families/<family>.py``, named by the claim's ``family`` in
``gvc/claims/data/seed_claims.toml``) defines four functions and nothing else is required:

``data(load) -> FamilyData``
    Load the processed tables and build the analysis frames (no estimation). Tables that are
    unavailable are recorded in ``FamilyData.missing`` with how to get them.
``estimate(claim, data) -> list[dict]``
    One ledger row per registered specification (:func:`gvc.claims.ledger.ledger_row`,
    :func:`~gvc.claims.families.base.fit_row`, or
    :func:`~gvc.claims.families.base.unavailable` when the data are missing).
``figures(claim, data, rows, fig_dir) -> list[Path]``
    PNG files (:func:`~gvc.claims.families.base.save_figure`: title, units, a Source line).
``describe(claim, data, rows) -> FamilyText``
    The report's words: a result paragraph, caveats (never empty), which data carried the tests,
    and extra tables.

:func:`run_family` chains the four steps; notebooks call the steps one at a time::

    from gvc.claims.families import family
    c7 = family("C7")
    d = c7.data(gvc.load)          # the frames, inspectable
    rows = c7.estimate(d)          # one ledger row per specification
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd

from gvc.claims.families.base import FamilyResult, Loader, rows_frame
from gvc.claims.registry import Claim, get_claim

STEPS = ("data", "estimate", "figures", "describe")
"""The functions every family module defines (checked for every testable claim by the tests)."""


@dataclass
class FamilyData:
    """What a family's data step returns.

    Attributes:
        frames: name -> analysis frame (e.g. ``"panel"``), ready for estimation.
        missing: name -> ``"missing: ...; to get it: ..."`` for tables that could not be loaded.
        notes: free-form facts the later steps quote (sample coverage, sources used).
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    notes: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def get(self, name: str) -> pd.DataFrame | None:
        """The frame ``name``, or None when it is missing."""
        return self.frames.get(name)

    def _repr_html_(self) -> str:
        parts = [
            f"<li><b>{k}</b>: {len(v):,} rows x {v.shape[1]} columns</li>"
            for k, v in self.frames.items()
        ]
        parts += [f"<li><b>{k}</b>: {v}</li>" for k, v in self.missing.items()]
        return "<ul>" + "".join(parts) + "</ul>"


@dataclass
class FamilyText:
    """What a family's describe step returns (markdown strings, extra tables)."""

    result_md: str = ""
    caveats: str = ""
    data: str = ""
    tables: dict[str, object] = field(default_factory=dict)

    def _repr_markdown_(self) -> str:
        tables = f"\n\n*Tables:* {', '.join(self.tables)}" if self.tables else ""
        return f"{self.result_md}\n\n**Data.** {self.data}\n\n**Caveats.** {self.caveats}{tables}"


@dataclass(frozen=True)
class Family:
    """A family module's four steps, bound to its claim."""

    claim: Claim
    module: ModuleType

    def data(self, load: Loader) -> FamilyData:
        """Step 1: the analysis frames (``load`` is e.g. :func:`gvc.load`)."""
        return self.module.data(load)

    def estimate(self, data: FamilyData) -> pd.DataFrame:
        """Step 2: the ledger rows, in registry order."""
        return rows_frame(self.module.estimate(self.claim, data), self.claim)

    def figures(self, data: FamilyData, rows: pd.DataFrame, fig_dir: Path) -> list[Path]:
        """Step 3: PNG figures written to ``fig_dir``."""
        return list(self.module.figures(self.claim, data, rows, Path(fig_dir)))

    def describe(self, data: FamilyData, rows: pd.DataFrame) -> FamilyText:
        """Step 4: result paragraph, caveats, data description, extra tables."""
        return self.module.describe(self.claim, data, rows)

    def _repr_markdown_(self) -> str:
        return (
            f"**{self.claim.id}** ({self.module.__name__}): {self.claim.text}\n\n"
            "Steps: `data(load)` -> `estimate(data)` -> `figures(data, rows, fig_dir)` -> "
            "`describe(data, rows)`; `run(load, fig_dir)` chains them."
        )

    def run(self, load: Loader, fig_dir: Path) -> FamilyResult:
        """All four steps: what ``make reproduce`` runs."""
        return run_family(self.module, self.claim.id, load, fig_dir)


def run_family(
    module: ModuleType, claim_id: str, load: Loader, fig_dir: Path, claim: Claim | None = None
) -> FamilyResult:
    """Chain a family module's four steps into the report's :class:`FamilyResult` (``claim``:
    the registry claim, or only its specs that the family computes)."""
    claim = claim or get_claim(claim_id)
    data = module.data(load)
    rows = rows_frame(module.estimate(claim, data), claim)
    figures = list(module.figures(claim, data, rows, Path(fig_dir)))
    text = module.describe(claim, data, rows)
    return FamilyResult(
        claim_id=claim.id,
        rows=rows,
        figures=figures,
        tables=text.tables,
        result_md=text.result_md,
        caveats=text.caveats,
        data=text.data,
        specification=specification_text(claim, rows),
    )


def specification_text(claim: Claim, rows: pd.DataFrame) -> str:
    """The report's Specification section: the primary specification's description (which names
    no variance estimator) and the inference that ran, generated from the rows' ``inference``
    column, so the words cannot name a method that did not run (e.g. "Newey-West" where the
    equal-weighted cosine interval ran)."""
    text = claim.primary.description if claim.primary else ""
    used: dict[str, list[str]] = {}
    for _, r in rows.iterrows():
        inf = r.get("inference")
        if isinstance(inf, str) and inf.strip():
            used.setdefault(inf.strip(), []).append(str(r["specification"]))
    if not used:
        return text
    ran = "; ".join(f"{inf} ({', '.join(ids)})" for inf, ids in used.items())
    return f"{text}\n\n*Inference as run* (column `inference` of `claims.csv`): {ran}"


def has_steps(module: ModuleType) -> bool:
    """Whether ``module`` follows the layout (defines every function in :data:`STEPS`)."""
    return all(callable(getattr(module, s, None)) for s in STEPS)
