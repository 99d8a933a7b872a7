"""Shared pieces of the claim families: the result container and small helpers.

Every family module defines the four steps of :mod:`gvc.claims.families.layout`, which
:func:`~gvc.claims.families.layout.run_family` chains into a :class:`FamilyResult`; ``load(name)``
returns a processed table (``gvc.load``-like; raises :class:`gvc.errors.DataError` when
unavailable) and ``fig_dir`` is where PNG figures are written.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gvc.claims.families.sample import fit_inference, fit_n_clusters, fit_notes, fit_sample
from gvc.claims.ledger import LEDGER_COLUMNS, ledger_row
from gvc.claims.registry import Claim
from gvc.errors import AcquisitionError, DataError
from gvc.estimators.errors import SpecificationError

Loader = Callable[[str], pd.DataFrame]

BOOT_SEED = 20240501
"""Seed of every wild cluster bootstrap run by the families (recorded in the manifest)."""
BOOT_REPS = 9_999
"""Wild bootstrap draws of every verdict row (issue 20: with 999 draws the bounds moved by up to
a third of their distance to the estimate from seed to seed); the note states the Monte Carlo
error of the bounds (:func:`mc_error_note`)."""

RECOVERABLE = (DataError, AcquisitionError, SpecificationError)
"""The only errors a family turns into a ``data unavailable`` row: missing or malformed data
(:class:`DataError`, :class:`AcquisitionError`) and models the data cannot identify
(:class:`SpecificationError`). Anything else is a bug and propagates."""


@dataclass
class FamilyResult:
    """What one claim family produces for the report.

    Attributes:
        claim_id: ``C1`` ... ``C8``.
        rows: ledger rows (:data:`gvc.claims.ledger.LEDGER_COLUMNS`), one per registered
            specification of the claim, in registry order.
        figures: PNG files written (seaborn; title, units and a "Source:" line on each).
        tables: name -> regression table (:class:`gvc.estimators.ComparisonTable`) or DataFrame.
        result_md: a short markdown paragraph with the numbers.
        caveats: markdown text.
        data: which data carried the tests (markdown).
        specification: the primary specification's description.
    """

    claim_id: str
    rows: pd.DataFrame
    figures: list[Path] = field(default_factory=list)
    tables: dict[str, object] = field(default_factory=dict)
    result_md: str = ""
    caveats: str = ""
    data: str = ""
    specification: str = ""

    def _repr_html_(self) -> str:
        cols = ["specification", "estimate", "ci_low", "ci_high", "n_obs", "verdict"]
        shown = self.rows[[c for c in cols if c in self.rows]]
        return f"<p><b>{self.claim_id}</b>: {len(self.rows)} ledger rows</p>" + shown.to_html(
            index=False, float_format=lambda x: f"{x:.4g}"
        )


def try_load(load: Loader, name: str) -> pd.DataFrame | None:
    """``load(name)``, or None when the table is unavailable (:class:`DataError`)."""
    try:
        return load(name)
    except DataError:
        return None


def unavailable(claim: Claim, spec_id: str, missing: str, how: str) -> dict[str, object]:
    """A ``data unavailable`` row saying what is missing and how to get it."""
    return ledger_row(claim, spec_id, None, note=f"missing: {missing}; to get it: {how}")


def rows_frame(rows: list[dict[str, object]], claim: Claim) -> pd.DataFrame:
    """Ledger frame in registry order; checks that every specification has exactly one row."""
    df = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    ids = [s.id for s in claim.specifications]
    if sorted(df["specification"]) != sorted(ids):
        raise AssertionError(f"{claim.id}: rows {list(df['specification'])} != specs {ids}")
    order = {s: i for i, s in enumerate(ids)}
    return df.sort_values("specification", key=lambda s: s.map(order)).reset_index(drop=True)


def fit_row(
    claim: Claim,
    spec_id: str,
    fit,
    term: str,
    note: str = "",
    time_points: int | None = None,
    ci: tuple[float, float] | None = None,
    inference: str | None = None,
    **power_kw,
) -> tuple[dict[str, object], pd.Series]:
    """Ledger row from a :class:`~gvc.estimators.FeolsResult` coefficient (95% CI of ``tidy``).

    Fills ``n_clusters``, ``sample`` and ``inference`` from the fit
    (:mod:`gvc.claims.families.sample`); the note gets the p-value, the fit's notes (wild
    bootstrap CI fallbacks, IV diagnostics), every warning :func:`quiet_feols` recorded and, for
    a wild bootstrap, the Monte Carlo error of the bounds (:func:`mc_error_note`). The data
    window (first and last ``year`` of the estimation sample, kept by :func:`quiet_feols`) is
    checked against the claim's; ``time_points``: give it for a time series (one unit), whose
    rows need 8+ time points for a verdict. ``power_kw`` (``claimed_size``, ``size_words``) go
    to :func:`gvc.claims.ledger.ledger_row` for a sign-only claim's power statement. ``ci``
    and ``inference``: the row's interval and its description when they are not the fit's own
    (a weak instrument's Anderson-Rubin set; ``(nan, nan)`` for an unbounded set: no CI).
    """
    t = fit.tidy().set_index("term").loc[term]
    lo, hi = (t["ci_low"], t["ci_high"]) if ci is None else ci
    mc = "" if "Monte Carlo" in note else mc_error_note(fit, term)
    p = f"{'wild bootstrap ' if mc else ''}p = {t['p_value']:.3g}"
    full = "; ".join(x for x in (note, p, *fit_notes(fit), mc) if x)
    row = ledger_row(
        claim,
        spec_id,
        t["estimate"],
        lo,
        hi,
        fit.nobs,
        full,
        n_clusters=fit_n_clusters(fit),
        sample=getattr(fit, "gvc_sample", None) or fit_sample(fit),
        inference=inference or fit_inference(fit),
        window=getattr(fit, "gvc_window", None),
        time_points=time_points,
        **power_kw,
    )
    return row, t


MC_SEEDS = 10
"""Seeds over which the Monte Carlo error of a wild bootstrap CI's bounds is measured (the fixed
seed :data:`BOOT_SEED` and the next nine)."""


def mc_error_note(fit, term: str) -> str:
    """Monte Carlo error of a wild bootstrap CI's bounds, for the row's note ("" for other
    fits). The bootstrap is re-run with :data:`MC_SEEDS` - 1 further seeds on the same data
    (kept by :func:`quiet_feols`), and the note gives the standard deviation of each bound across
    the :data:`MC_SEEDS` seeds; the row's own interval is the fixed seed's. Measured rather than
    approximated: with few clusters the bootstrap p-value is a step function of the null value,
    and the normal approximation sqrt(0.05 x 0.95 / draws) understates how far the bounds move."""
    v = fit.vcov_spec
    if v.kind != "wild" or term not in getattr(fit, "bootstrap", {}):
        return ""
    data = getattr(fit, "gvc_data", None)
    if data is None:
        return f"{v.reps:,} wild draws (seed {v.seed})"
    lows, highs = [], []
    opts = {"cluster": v.cluster[0], "reps": v.reps, "weights_type": v.weights_type}
    for k in range(MC_SEEDS):
        if k == 0:
            t = fit.tidy().set_index("term").loc[term]
        else:
            other = quiet_feols(
                fit.formula,
                data,
                {"wild": {**opts, "seed": int(v.seed) + k}},
                keep_data=False,
                **getattr(fit, "gvc_kw", {}),
            )
            t = other.tidy().set_index("term").loc[term]
        lows.append(float(t["ci_low"]))
        highs.append(float(t["ci_high"]))
    sd_lo, sd_hi = (float(pd.Series(x).std(ddof=1)) for x in (lows, highs))
    return (
        f"{v.reps:,} wild draws (seed {v.seed}); Monte Carlo s.e. of the CI bounds over "
        f"{MC_SEEDS} seeds: {sd_lo:.2g} (lower), {sd_hi:.2g} (upper)"
    )


def quiet_feols(formula: str, data: pd.DataFrame, vcov, keep_data: bool = True, **kw):
    """:func:`gvc.estimators.feols` with its warnings (few clusters, dropped rows, singletons)
    kept off the console but recorded: each distinct message is appended to the fit's ``notes``
    as ``warning: ...``, which :func:`fit_row` copies into the ledger row's note. The sample
    description (:func:`~gvc.claims.families.sample.fit_sample`) is kept as ``fit.gvc_sample``,
    the data window as ``fit.gvc_window`` and, for a wild bootstrap (``keep_data``), the data as
    ``fit.gvc_data``, so that :func:`mc_error_note` can re-run it with other seeds."""
    from gvc.estimators import feols

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = feols(formula, data, vcov=vcov, **kw)
    for msg in dict.fromkeys(str(w.message) for w in caught):
        fit.notes.append(f"warning: {msg}")
    fit.gvc_sample = fit_sample(fit, data)  # read by fit_row
    fit.gvc_window = fit_window(fit, data)  # read by fit_row
    if keep_data and "wild" in str(vcov):
        fit.gvc_data = data  # read by mc_error_note (re-runs the bootstrap with other seeds)
        fit.gvc_kw = kw
    return fit


def fit_window(fit, data: pd.DataFrame) -> tuple[int, int] | None:
    """First and last ``year`` of a fit's estimation rows (None without a ``year`` column)."""
    from gvc.claims.families.sample import _estimation_rows

    frame = _estimation_rows(fit, data)
    if frame is None or "year" not in frame.columns or not len(frame):
        return None
    years = pd.to_numeric(frame["year"], errors="coerce").dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def wild(cluster: str) -> dict[str, object]:
    """Wild cluster bootstrap option (Webb weights, :data:`BOOT_REPS` draws, fixed seed): for
    few clusters."""
    return {
        "wild": {"cluster": cluster, "reps": BOOT_REPS, "seed": BOOT_SEED, "weights_type": "webb"}
    }


def save_figure(fig, path: Path, title: str, source: str) -> Path:
    """Write ``fig`` as PNG with ``title`` on top and ``Source: ...`` at the bottom left."""
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.suptitle(title, fontsize=11)
    fig.text(0.01, 0.01, f"Source: {source}", fontsize=7, ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.05, 1, 0.95))
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return path


def new_figure(width: float = 7.5, height: float = 4.5):
    """A seaborn-styled (fig, ax) pair on the Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="paper")
    return plt.subplots(figsize=(width, height))


def fmt(x: object, digits: int = 2) -> str:
    """A number for prose: ``NaN``/None -> ``n/a``."""
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "n/a"
    return "n/a" if math.isnan(v) else f"{v:.{digits}f}"


def describe_row(row: pd.Series | dict, unit: str = "") -> str:
    """``spec: estimate [ci] (N=..) -> verdict`` for result paragraphs."""
    ci = (
        f" [{fmt(row['ci_low'])}, {fmt(row['ci_high'])}]"
        if not (pd.isna(row["ci_low"]) or pd.isna(row["ci_high"]))
        else ""
    )
    n = "" if pd.isna(row["n_obs"]) else f", N = {int(row['n_obs'])}"
    u = f" {unit}" if unit else ""
    return f"`{row['specification']}`: {fmt(row['estimate'], 3)}{u}{ci}{n} -> **{row['verdict']}**"
