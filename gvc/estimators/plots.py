"""Coefficient plots (seaborn/matplotlib, written as PNG)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gvc.estimators.results import FeolsResult


def coefplot(
    results: FeolsResult | Sequence[FeolsResult],
    path: str | Path | None = None,
    *,
    names: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    conf_level: float = 0.95,
    title: str | None = None,
    xlabel: str = "Coefficient (units of outcome per unit of regressor)",
    reference: float | None = None,
    reference_label: str = "reference",
    dpi: int = 150,
):
    """Point estimates with ``conf_level`` intervals, one colour per model.

    Returns the matplotlib Figure (shown inline when it is a notebook cell's value) and writes a
    PNG to ``path`` when given. The figure is at least 2.4 inches tall and grows with the number
    of terms and models; the legend sits outside the axes. ``xlabel`` should state units, e.g.
    "pp change in youth unemployment per robot per 1,000 workers". ``names`` label the models
    (default ``(1), (2), ...``); ``labels`` give display names to terms, as in
    :func:`gvc.compare` (e.g. ``{"log_density": "log robots per worker"}``).
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    res = [results] if isinstance(results, FeolsResult) else list(results)
    names = list(names) if names is not None else [f"({i + 1})" for i in range(len(res))]
    frames = []
    for name, r in zip(names, res, strict=True):
        t = r.tidy(conf_level)
        t["model"] = name
        frames.append(t)
    df = pd.concat(frames, ignore_index=True)
    if terms is not None:
        df = df[df["term"].isin(terms)]
    if df.empty:
        raise ValueError("no coefficients to plot (check `terms`)")
    if labels:
        unknown = sorted(set(labels) - set(df["term"]))
        if unknown:
            raise ValueError(f"labels name terms that are not plotted: {unknown}")
        df["term"] = df["term"].map(lambda t: labels.get(t, t))
    order = list(dict.fromkeys(df["term"]))
    height = max(2.4, 1.2 + 0.35 * len(order) * max(1, len(res)) ** 0.5)
    fig, ax = plt.subplots(figsize=(7.5 if len(res) > 1 else 6.5, height))
    palette = sns.color_palette("colorblind", len(res))
    n = len(res)
    for j, (name, grp) in enumerate(df.groupby("model", sort=False)):
        offset = (j - (n - 1) / 2) * 0.18
        y = [order.index(t) + offset for t in grp["term"]]
        est = grp["estimate"].to_numpy(float)
        ax.errorbar(
            est,
            y,
            xerr=[est - grp["ci_low"].to_numpy(float), grp["ci_high"].to_numpy(float) - est],
            fmt="o",
            color=palette[j],
            capsize=3,
            label=name,
        )
    ax.axvline(0, color="grey", lw=0.8, ls="--")
    if reference is not None:  # e.g. a claimed value, or the truth of simulated data
        ax.axvline(reference, color="black", lw=1.2, ls=":", label=reference_label)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel(xlabel)
    ax.set_title(title or f"Estimates with {conf_level:.0%} confidence intervals")
    return finish_figure(fig, ax, path, dpi, legend=n > 1 or reference is not None)


def finish_figure(fig, ax, path, dpi: int, *, legend: bool):
    """Legend outside the axes, despine, tight layout; write a PNG to ``path`` when given.

    The figure is detached from pyplot (so a notebook shows it once, as the cell's value, and
    loops do not accumulate open figures) and returned.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    if legend:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    sns.despine(fig)
    fig.tight_layout()
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return fig


_ITERM = re.compile(r"^(?P<var>[^:]+)::(?P<level>[^:]+)(?::(?P<by>.+))?$")
_IREF = re.compile(r"i\(\s*(?P<var>[^,\s)]+)[^)]*?ref\s*=\s*(?P<ref>[^,)\s]+)")


def iplot(
    fit: FeolsResult,
    path: str | Path | None = None,
    *,
    var: str | None = None,
    ref: object | None = None,
    conf_level: float = 0.95,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str = "Effect relative to the reference period (outcome units)",
    dpi: int = 150,
):
    """Event-study plot of the ``i(var, ..., ref=...)`` coefficients of one fit, as fixest's and
    pyfixest's ``iplot``: one point and ``conf_level`` interval per level of ``var`` (in level
    order), the reference level drawn at 0 and marked (a dashed line through it), and a zero line. ``var`` defaults to the only ``i()`` variable of the fit;
    ``ref`` to the ``ref=`` of the formula. Returns the matplotlib Figure; writes a PNG to
    ``path`` when given."""
    import matplotlib.pyplot as plt

    t = fit.tidy(conf_level)
    parsed = t["term"].str.extract(_ITERM)
    t = t.join(parsed).dropna(subset=["var"])
    if t.empty:
        raise ValueError(
            f"the fit has no i() terms (terms: {fit.terms[:6]}); use coefplot for other terms"
        )
    found = sorted(t["var"].unique())
    var = var or (found[0] if len(found) == 1 else None)
    if var is None or var not in found:
        raise ValueError(f"var must name one of the fit's i() variables: {found}")
    t = t[t["var"] == var].copy()
    if ref is None:
        m = [x for x in _IREF.finditer(fit.formula) if x.group("var") == var]
        ref = m[0].group("ref").strip("'\"") if m else None

    def key(level):
        try:
            return (0, float(level))
        except ValueError:
            return (1, str(level))

    levels = sorted(set(t["level"]) | ({str(ref)} if ref is not None else set()), key=key)
    numeric = all(key(lv)[0] == 0 for lv in levels)
    pos = {lv: (float(lv) if numeric else k) for k, lv in enumerate(levels)}
    t["x"] = t["level"].map(pos)
    t = t.sort_values("x")
    fig, ax = plt.subplots(figsize=(max(5.5, 0.45 * len(levels) + 2.5), 3.6))
    est = t["estimate"].to_numpy(float)
    ax.errorbar(
        t["x"],
        est,
        yerr=[est - t["ci_low"].to_numpy(float), t["ci_high"].to_numpy(float) - est],
        fmt="o",
        color="#0072B2",
        capsize=3,
        label=f"estimate, {conf_level:.0%} CI",
    )
    ax.axhline(0, color="grey", lw=0.8)
    if ref is not None:
        rx = pos[str(ref)]
        ax.plot([rx], [0], marker="D", color="black", ls="none", label=f"reference ({ref})")
        ax.axvline(rx, color="grey", lw=0.8, ls="--")
    if not numeric:
        ax.set_xticks(list(pos.values()), list(pos))
    ax.set_xlabel(xlabel or var)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"Event study: coefficients on {var}")
    return finish_figure(fig, ax, path, dpi, legend=True)
