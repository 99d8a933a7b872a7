"""The specification curve of a claim tested several ways, and how many tests agree with the
primary one.

The curve holds the claim's estimated rows (estimate and 95% CI) that are compared with the
primary specification's reference value, so that every point is in the same unit; levels judged
by a point rule and rows without an estimate are left out. A claim with :data:`MIN_ROWS` or more
such rows gets a figure (sorted estimates with CIs, the claimed value drawn, the primary marked;
drawn by :meth:`gvc.estimators.SpecGrid.plot`). Agreement = the same verdict label as the
primary (headline) row, counted by the headline's rule (:mod:`gvc.claims.headline`): distinct
designs (near-duplicates once), each by its row in the primary's reading, stand-ins left out
while the primary has an estimate.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc.claims.registry import Claim

MIN_ROWS = 5
"""Fewest estimated rows for a specification-curve figure."""


def curve_rows(rows: pd.DataFrame, claim: Claim) -> pd.DataFrame:
    """The rows on the curve: estimate and CI present, same reference as the primary, no point
    rule; in registry order."""
    if claim.primary is None or rows.empty:
        return rows.iloc[0:0]
    ref = claim.primary.reference
    same = [s.id for s in claim.specifications if s.reference == ref and s.rule != "point"]
    keep = rows["specification"].isin(same)
    for c in ("estimate", "ci_low", "ci_high"):
        keep &= pd.to_numeric(rows[c], errors="coerce").notna()
    out = rows[keep].copy()
    order = {s: i for i, s in enumerate(same)}
    return out.sort_values("specification", key=lambda s: s.map(order)).reset_index(drop=True)


def agreement(rows: pd.DataFrame, claim: Claim) -> tuple[int, int, pd.Series] | None:
    """``(k, n, primary row)``: k of the n distinct designs counted in the primary's reading
    carry the headline row's verdict, the headline row's own design included. The count is the
    headline's (:func:`gvc.claims.headline.count_designs`): near-duplicates (``variant_of``)
    once, each design by its row in the primary's reading, stand-in designs left out while the
    primary has an estimate, rows without a verdict (descriptive, not comparable) left out.
    None when the headline row is not on the curve or carries no verdict."""
    from gvc.claims.headline import count_designs, head_row
    from gvc.claims.verdict import NO_VERDICT

    if rows.empty:
        return None
    head = head_row(rows, claim)
    curve = curve_rows(rows, claim)
    if (
        curve.empty
        or head["specification"] not in set(curve["specification"])
        or head["verdict"] in NO_VERDICT
    ):
        return None
    count = count_designs(rows, claim)
    same = next((c for c in count.counted if c.reading == count.reading and not c.own), None)
    if same is None:
        return None
    return same.counts[str(head["verdict"])], same.n, head


def agreement_note(rows: pd.DataFrame, claim: Claim) -> str:
    """``"7 of the 8 other distinct designs agree with the primary, C3-trend-wb"`` (agree = same
    verdict label; near-duplicates counted once; "the headline row (a substitute ...)" when the
    registered primary has no estimate and another row speaks), or "" when there is no curve."""
    a = agreement(rows, claim)
    if a is None or a[1] < 2:
        return ""
    k, n, head = a
    primary = getattr(getattr(claim, "primary", None), "id", None)
    role = (
        "the primary"
        if primary in (None, str(head["specification"]))
        else "the headline row (a substitute: the primary has no estimate)"
    )
    if n == 2:
        verb = "agrees" if k == 2 else "does not agree"
        return f"the other distinct design {verb} with {role}, {head['specification']}"
    return (
        f"{k - 1} of the {n - 1} other distinct designs agree with {role}, {head['specification']}"
    )


def spec_curve_figure(rows: pd.DataFrame, claim: Claim, fig_dir: Path) -> Path | None:
    """``<fig_dir>/<claim>_spec_curve.png`` for a claim with :data:`MIN_ROWS`+ curve rows, else
    None."""
    from gvc.claims.families.base import save_figure
    from gvc.estimators import SpecGrid

    curve = curve_rows(rows, claim)
    if len(curve) < MIN_ROWS:
        return None
    ref = claim.reference(claim.primary.reference)
    frame = pd.DataFrame(
        {
            "spec_id": curve["specification"],
            "estimate": curve["estimate"].astype(float),
            "ci_low": curve["ci_low"].astype(float),
            "ci_high": curve["ci_high"].astype(float),
            "outcome": claim.id,
            "regressor": claim.id,
            "fe": "",
            "sample": curve["specification"],
        }
    )
    target = None if ref.direction is not None else ref.target()
    head = agreement(rows, claim)
    grid = SpecGrid.from_results(frame)
    agree = (
        "" if head is None else f"; {head[0] - 1} other designs agree with the primary's verdict"
    )
    fig = grid.plot(
        title=f"{len(curve)} specifications sorted by estimate{agree}",
        ylabel=ref.unit.split(" (")[0][:30],
        reference=target,
        reference_label=f"claimed ({ref.label})",
        highlight=None if head is None else head[2]["specification"],
    )
    fig.axes[0].title.set_fontsize(9)
    return save_figure(
        fig,
        Path(fig_dir) / f"{claim.id.lower()}_spec_curve.png",
        f"{claim.id}: specification curve (estimates and 95% CIs; claimed value in red)",
        "claims.csv rows of this claim (gvc); see each row's data and note",
    )
