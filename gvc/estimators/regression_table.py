"""Side-by-side regression tables in Markdown, HTML and LaTeX (the rendering behind
:func:`gvc.estimators.compare` and ``FeolsResult.to_markdown()`` / ``to_html()`` /
``to_latex()``; it reads fitted models through their public attributes and imports none).

Layout (the usual paper table): one column per model; for each term a row with the estimate
and significance stars, a row with the standard error in parentheses and a row with the 95%
confidence interval in brackets; then one "FE: name" row per fixed effect (Yes/No),
observations, R2 (within R2 when fixed effects are absorbed), the variance estimator, which
interval is printed ("95% CI"), and cluster counts; a note defines the stars, the SEs and the
intervals.

The bracketed interval is the one a verdict uses (``tidy()``): for a wild cluster bootstrap
column it inverts the bootstrap test, so it can be much wider (or narrower) than estimate +-
1.96 x the CRV1 standard error printed in parentheses, and the stars come from the bootstrap
p-value; the "95% CI" row says which interval each column prints.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_STARS = ((0.01, "***"), (0.05, "**"), (0.1, "*"))


@dataclass
class ComparisonTable:
    """A rendered comparison: ``frame`` holds the cell strings, ``note`` the footnote."""

    frame: pd.DataFrame
    n_coef_rows: int
    note: str

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown table followed by the note."""
        header = ["", *self.frame.columns]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for i, (label, row) in enumerate(self.frame.iterrows()):
            if i == self.n_coef_rows:
                lines.append("| " + " | ".join([""] * len(header)) + " |")
            lines.append("| " + " | ".join([str(label), *row.tolist()]) + " |")
        return "\n".join(lines) + f"\n\n{self.note}\n"

    def to_html(self) -> str:
        """HTML ``<table>`` with a ``<tfoot>`` note."""
        e = html.escape
        out = ['<table class="gvc-compare">', "<thead><tr><th></th>"]
        out += [f"<th>{e(str(c))}</th>" for c in self.frame.columns]
        out.append("</tr></thead><tbody>")
        for i, (label, row) in enumerate(self.frame.iterrows()):
            style = ' style="border-top: 1px solid"' if i == self.n_coef_rows else ""
            cells = "".join(f"<td>{e(v)}</td>" for v in row.tolist())
            out.append(f"<tr{style}><th>{e(str(label))}</th>{cells}</tr>")
        ncol = self.frame.shape[1] + 1
        out.append(f'</tbody><tfoot><tr><td colspan="{ncol}">{e(self.note)}</td></tr></tfoot>')
        out.append("</table>")
        return "\n".join(out)

    def to_latex(self) -> str:
        """``tabular`` (booktabs rules) with the note as a table footnote row."""
        ncol = self.frame.shape[1]
        out = [
            "\\begin{tabular}{l" + "c" * ncol + "}",
            "\\toprule",
            " & " + " & ".join(tex_escape(str(c)) for c in self.frame.columns) + " \\\\",
            "\\midrule",
        ]
        for i, (label, row) in enumerate(self.frame.iterrows()):
            if i == self.n_coef_rows:
                out.append("\\midrule")
            cells = [_tex_cell(v) for v in row.tolist()]
            out.append(tex_escape(str(label)) + " & " + " & ".join(cells) + " \\\\")
        out += [
            "\\bottomrule",
            f"\\multicolumn{{{ncol + 1}}}{{p{{0.9\\linewidth}}}}{{\\footnotesize {tex_escape(self.note)}}} \\\\",
            "\\end{tabular}",
        ]
        return "\n".join(out) + "\n"

    def to_excel(self, path) -> None:
        """Write the table (cells as shown, note in the last row) to an ``.xlsx`` sheet."""
        from pathlib import Path

        frame = self.frame.copy()
        frame.loc["Note"] = [self.note, *[""] * (frame.shape[1] - 1)]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_excel(path, sheet_name="regressions")

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str | None:
        return None  # Jupyter should pick HTML; LaTeX is for papers (``to_latex``)


def tex_escape(s: str) -> str:
    """Escape LaTeX special characters in plain text."""
    for a, b in (
        ("\\", "\\textbackslash{}"),
        ("&", "\\&"),
        ("%", "\\%"),
        ("$", "\\$"),
        ("#", "\\#"),
        ("_", "\\_"),
        ("{", "\\{"),
        ("}", "\\}"),
        ("~", "\\textasciitilde{}"),
        ("^", "\\^{}"),
    ):
        s = s.replace(a, b)
    return s


def _tex_cell(v: str) -> str:
    stars = len(v) - len(v.rstrip("*"))
    body = tex_escape(v[: len(v) - stars] if stars else v)
    return body + (f"$^{{{'*' * stars}}}$" if stars else "")


def _stars(p: float, stars: Sequence[tuple[float, str]]) -> str:
    for level, mark in sorted(stars):
        if p < level:
            return mark
    return ""


def _se_label(r) -> str:
    """The standard error's estimator: ``CRV1: iso3`` for a wild bootstrap column (the wild
    bootstrap studentises with CRV1), else the fit's ``vcov_type``."""
    spec = getattr(r, "vcov_spec", None)
    if getattr(spec, "kind", None) == "wild":
        return "CRV1: " + " + ".join(spec.cluster)
    return r.vcov_type


def ci_source(r) -> str:
    """Which interval a column prints in brackets, in words (e.g. ``wild cluster bootstrap by
    iso3, 9,999 draws, test inversion`` or ``t(34), CRV1: iso3``)."""
    spec = getattr(r, "vcov_spec", None)
    if getattr(spec, "kind", None) == "wild" and r.bootstrap:
        return (
            f"wild cluster bootstrap by {' + '.join(spec.cluster)}, {spec.reps:,} draws, "
            "test inversion"
        )
    return f"t({r.df_t:g}), {r.vcov_type}"


@dataclass(frozen=True)
class _Fixed:
    """``digits`` decimals; a nonzero number that would print as 0 (``-0.000``) is written with
    ``digits`` significant digits instead (``-2.35e-05``), so a coefficient on a regressor in
    small units stays readable."""

    digits: int

    def format(self, x: float) -> str:
        x = float(x)
        if np.isfinite(x) and x != 0 and round(abs(x), self.digits) == 0:
            return f"{x:.{max(self.digits - 1, 0)}e}"
        return f"{x:.{self.digits}f}"


def regression_table(
    results: Sequence,
    names: Sequence[str] | None = None,
    *,
    keep: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    digits: int = 3,
    stars: Sequence[tuple[float, str]] = DEFAULT_STARS,
    extra_rows: dict[str, Sequence[object]] | None = None,
) -> ComparisonTable:
    """A side-by-side table of ``results``: the layout behind :func:`gvc.estimators.compare`,
    which documents the parameters and first checks that every result is a fitted model."""
    results = list(results)
    if not results:
        raise ValueError("compare() needs at least one result")
    names = list(names) if names is not None else [f"({i + 1})" for i in range(len(results))]
    if len(names) != len(results):
        raise ValueError(f"{len(names)} names for {len(results)} results")
    if len(set(names)) != len(names):
        raise ValueError(f"column names must be unique: {names}")
    labels = labels or {}
    terms = (
        list(keep) if keep is not None else list(dict.fromkeys(t for r in results for t in r.terms))
    )
    fes = list(dict.fromkeys(f for r in results for f in r.fixed_effects))
    fmt = _Fixed(digits)
    rows: dict[str, list[str]] = {}
    tidies = [r.tidy().set_index("term") for r in results]
    for term in terms:
        est_row, se_row, ci_row = [], [], []
        for tab in tidies:
            if term in tab.index:
                t = tab.loc[term]
                est_row.append(fmt.format(t["estimate"]) + _stars(t["p_value"], stars))
                se_row.append("(" + fmt.format(t["std_error"]) + ")")
                ci_row.append(f"[{fmt.format(t['ci_low'])}, {fmt.format(t['ci_high'])}]")
            else:
                est_row.append("")
                se_row.append("")
                ci_row.append("")
        label = labels.get(term, term)
        rows[label] = est_row
        rows[f"{label} \u200bse"] = se_row  # unique key; displayed blank below
        rows[f"{label} \u200bci"] = ci_row
    n_coef_rows = len(rows)
    for fe in fes:
        rows[f"FE: {labels.get(fe, fe)}"] = [
            "Yes" if fe in r.fixed_effects else "No" for r in results
        ]
    rows["Observations"] = [f"{r.nobs:,}" for r in results]
    r2_key = "R2 (within)" if fes else "R2"
    rows[r2_key] = [
        fmt.format(r.r2_within if r.fixed_effects else r.r2)
        if np.isfinite(r.r2_within if r.fixed_effects else r.r2)
        else ""
        for r in results
    ]
    rows["Std. errors"] = [_se_label(r) for r in results]
    rows["95% CI"] = [ci_source(r) for r in results]
    if any(r.n_clusters for r in results):
        rows["Clusters"] = [
            ", ".join(f"{v:,}" for v in r.n_clusters.values()) if r.n_clusters else ""
            for r in results
        ]
    if any(r.is_iv for r in results):
        rows["First-stage eff. F"] = [
            ", ".join(f"{d['effective_f']:.1f}" for d in r.first_stage.values()) if r.is_iv else ""
            for r in results
        ]
    for label, values in (extra_rows or {}).items():
        values = list(values)
        if len(values) != len(results):
            raise ValueError(
                f"extra_rows[{label!r}] has {len(values)} values for {len(results)} models"
            )
        if label in rows:
            raise ValueError(f"extra_rows[{label!r}] would replace a built-in row; rename it")
        rows[str(label)] = [
            fmt.format(v) if isinstance(v, float) else ("" if v is None else str(v)) for v in values
        ]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    frame.index = [("" if ("\u200bse" in i or "\u200bci" in i) else i) for i in frame.index]
    star_txt = ", ".join(f"{m} p<{lvl:g}" for lvl, m in sorted(stars, reverse=True))
    inference = "; ".join(dict.fromkeys(_se_label(r) for r in results))
    wild = any(r.bootstrap for r in results)
    note = (
        f"Standard errors in parentheses ({inference}); 95% confidence intervals in brackets, "
        "from the row '95% CI'. "
        f"{star_txt}. p-values from t(df) with the estimator's degrees of freedom"
        + (
            "; in wild cluster bootstrap columns the stars and the bracketed interval come from "
            "the bootstrap (bootstrap-t p-value; CI by inverting the bootstrap test), while the "
            "parenthesised standard error is the CRV1 one the bootstrap studentises with, so "
            "estimate +- 1.96 SE is not the interval that decides."
            if wild
            else "."
        )
    )
    return ComparisonTable(frame=frame, n_coef_rows=n_coef_rows, note=note)
