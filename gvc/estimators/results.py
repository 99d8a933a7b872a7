"""The result object returned by every gvc estimator.

Units: ``estimate`` is in units of the dependent variable per unit of the regressor (for a
log-log model, percent per percent); ``std_error`` has the units of ``estimate``;
``statistic`` is estimate/std_error; ``ci_low``/``ci_high`` bound the confidence interval.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from gvc.estimators.errors import SpecificationError
from gvc.estimators.vcov import VcovSpec

TIDY_COLUMNS = ["term", "estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"]


@dataclass
class FeolsResult:
    """A fitted linear model with fixed effects (OLS or IV).

    Attributes
    ----------
    formula, depvar : the fixest formula and the dependent variable.
    coef, se : Series indexed by term.
    vcov_matrix : DataFrame, the K x K covariance of the slope coefficients.
    df_t : degrees of freedom of the t distribution used for p-values and CIs
        (N - K - K_fe for iid/HC, G - 1 for clustered, T - 1 for Driscoll-Kraay).
    nobs : observations used after dropping missing rows and singletons.
    n_dropped_missing, n_singletons : rows removed before fitting, by reason.
    fixed_effects : names of the absorbed fixed effects (``a^b`` for interactions).
    vcov_spec : :class:`VcovSpec`, the variance estimator asked for; ``vcov_type`` is its label.
    vcov : property, the same matrix as ``vcov_matrix`` (as ``cov`` in linearmodels).
    n_clusters : {cluster variable: number of clusters in the estimation sample}.
    first_stage : for IV, per-endogenous diagnostics (see :mod:`gvc.estimators.iv_diagnostics`).
    bootstrap : for the wild bootstrap, per term: ``p_value`` (H0: beta = 0), ``t_boot``,
        ``reps``, the 95% CI by test inversion (``ci_low``, ``ci_high``, ``ci_method``,
        ``ci_converged``, ``ci_notes``) and ``test``, a :class:`gvc.estimators.wild.WildTest`
        giving ``p_value(beta0)`` for any ``beta0``.
    model : the underlying pyfixest object (None for lean fits).
    """

    formula: str
    depvar: str
    coef: pd.Series
    se: pd.Series
    vcov_matrix: pd.DataFrame
    df_t: float
    nobs: int
    vcov_spec: VcovSpec
    fixed_effects: tuple[str, ...] = ()
    n_dropped_missing: int = 0
    n_singletons: int = 0
    n_clusters: dict[str, int] = field(default_factory=dict)
    ssc: dict[str, Any] = field(default_factory=dict)
    r2: float = float("nan")
    r2_within: float = float("nan")
    is_iv: bool = False
    endog: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    first_stage: dict[str, dict[str, float]] = field(default_factory=dict)
    bootstrap: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    model: Any = field(default=None, repr=False)

    # ------------------------------------------------------------------ accessors
    @property
    def vcov_type(self) -> str:
        """Label of the variance estimator, e.g. ``CRV1: iso3``."""
        return self.vcov_spec.label

    @property
    def vcov(self) -> pd.DataFrame:
        """The K x K covariance matrix of the slope coefficients (terms as index and columns)."""
        return self.vcov_matrix

    @property
    def terms(self) -> list[str]:
        return list(self.coef.index)

    def tidy(self, conf_level: float = 0.95) -> pd.DataFrame:
        """One row per coefficient: ``term, estimate, std_error, statistic, p_value, ci_low, ci_high``.

        p-values and intervals use t(``df_t``). For the wild bootstrap the p-value is the
        bootstrap-t p-value of ``H0: beta = 0`` and the interval inverts the same test: the set
        of ``beta0`` for which the null-imposed bootstrap test of ``H0: beta = beta0`` does not
        reject at ``1 - conf_level`` (see :mod:`gvc.estimators.wild`).
        """
        if not 0 < conf_level < 1:
            raise ValueError(f"conf_level must be in (0, 1), got {conf_level}")
        est = self.coef.to_numpy(dtype=float)
        se = self.se.to_numpy(dtype=float)
        stat = est / se
        pval = 2 * stats.t.sf(np.abs(stat), self.df_t)
        crit = np.full(len(est), stats.t.ppf(0.5 + conf_level / 2, self.df_t))
        ci_low, ci_high = est - crit * se, est + crit * se
        for j, term in enumerate(self.terms):
            boot = self.bootstrap.get(term)
            if boot is not None:
                pval[j] = boot["p_value"]
                ci_low[j], ci_high[j] = _wild_ci(boot, conf_level, est[j], se[j])
        return pd.DataFrame(
            {
                "term": self.terms,
                "estimate": est,
                "std_error": se,
                "statistic": stat,
                "p_value": pval,
                "ci_low": ci_low,
                "ci_high": ci_high,
            }
        )

    def pvalue(self) -> pd.Series:
        """p-values by term (bootstrap p-values for wild-bootstrap fits)."""
        return self.tidy().set_index("term")["p_value"]

    def confint(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals by term: columns ``ci_low``, ``ci_high``."""
        return self.tidy(level).set_index("term")[["ci_low", "ci_high"]]

    def _pyfixest(self, what: str):
        if self.model is None:
            raise SpecificationError(
                f"{what} needs the fitted model, which a lean fit drops; refit with lean=False"
            )
        return self.model

    def predict(self, newdata: pd.DataFrame | None = None) -> np.ndarray:
        """Fitted values (with the fixed effects) for the estimation sample or ``newdata``."""
        model = self._pyfixest("predict()")
        if newdata is not None and any("^" in fe for fe in self.fixed_effects):
            raise SpecificationError(
                "predict(newdata) is not available with combined fixed effects (a^b); "
                "create the combined column in your data and use it in the formula"
            )
        return np.asarray(model.predict(newdata=newdata), dtype=float)

    def resid(self) -> np.ndarray:
        """Residuals of the estimation sample (units of the dependent variable)."""
        return np.asarray(self._pyfixest("resid()").resid(), dtype=float)

    def fixef(self) -> dict[str, dict]:
        """Estimated fixed effects: ``{fixed effect: {level: value}}`` (pyfixest's ``fixef``).

        Not available for combined fixed effects (``a^b``), which pyfixest cannot recover."""
        if any("^" in fe for fe in self.fixed_effects):
            raise SpecificationError(
                "fixef() is not available with combined fixed effects (a^b): create the combined "
                "column in your data (e.g. df['a_b'] = df.a.astype(str) + '|' + df.b.astype(str)) "
                "and use it in the formula"
            )
        return self._pyfixest("fixef()").fixef()

    def summary(self) -> Summary:
        """The fit as a table: text in a terminal (``print``), an HTML table in Jupyter.

        Coefficients, sample, fixed effects, inference and IV diagnostics; ``str(summary)`` is
        the plain text.
        """
        tab = self.tidy()
        clusters = ", ".join(f"{k}={v:,}" for k, v in self.n_clusters.items())
        header = [
            ("Model", f"gvc.feols: {self.formula}"),
            ("Dependent variable", self.depvar),
            ("Observations", f"{self.nobs:,}"),
            ("Fixed effects", ", ".join(self.fixed_effects) or "none"),
            ("Standard errors", self.vcov_type + (f" (clusters: {clusters})" if clusters else "")),
        ]
        if np.isfinite(self.r2):
            header.append(("R2 / within R2", f"{self.r2:.4f} / {self.r2_within:.4f}"))
        for endog, diag in self.first_stage.items():
            parts = ", ".join(f"{k}={v:.3f}" for k, v in diag.items())
            header.append((f"First stage ({endog})", parts))
        notes = list(self.notes)
        for term, boot in self.bootstrap.items():
            if "ci_method" in boot:
                notes.append(f"CI for {term}: {boot['ci_method']}")
            notes.extend(f"CI for {term}: {n}" for n in boot.get("ci_notes", ()))
        return Summary.build(header, tab, notes)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __repr__(self) -> str:
        return str(self.summary())

    def to_markdown(self) -> str:
        """Single-model table in Markdown (see :func:`gvc.estimators.compare`)."""
        from gvc.estimators.regression_table import regression_table

        return regression_table([self]).to_markdown()

    def to_html(self) -> str:
        """Single-model regression table in HTML."""
        from gvc.estimators.regression_table import regression_table

        return regression_table([self]).to_html()

    def to_latex(self) -> str:
        """Single-model regression table as a LaTeX ``tabular`` (booktabs)."""
        from gvc.estimators.regression_table import regression_table

        return regression_table([self]).to_latex()


class Summary(str):
    """A fit summary: a ``str`` (the plain text) that Jupyter displays as an HTML table."""

    header: list[tuple[str, str]]
    table: pd.DataFrame
    notes: list[str]

    @classmethod
    def build(cls, header: list[tuple[str, str]], table: pd.DataFrame, notes: list[str]) -> Summary:
        width = max(len(k) for k, _ in header)
        lines = [f"{k:<{width}}  {v}" for k, v in header]
        lines += ["", table.to_string(index=False, float_format=lambda v: f"{v:.6g}"), ""]
        lines += [f"Note: {n}" for n in notes]
        out = cls("\n".join(lines).rstrip("\n"))
        out.header, out.table, out.notes = header, table, notes
        return out

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's text display: the text, not a repr
        p.text(str(self))

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in self.header)
        coef = self.table.to_html(
            index=False, float_format=lambda v: f"{v:.4g}", classes="gvc-coef", border=0
        )
        notes = "".join(f"<li>{e(n)}</li>" for n in self.notes)
        return (
            f'<div class="gvc-summary"><table class="gvc-header">{rows}</table>{coef}'
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )


def _wild_ci(boot: dict[str, Any], conf_level: float, est: float, se: float) -> tuple[float, float]:
    """Wild bootstrap CI at ``conf_level``: stored inversion, re-inverted, or ``est +- q SE``."""
    if "ci_low" in boot and np.isclose(boot.get("conf_level", np.nan), conf_level):
        return float(boot["ci_low"]), float(boot["ci_high"])
    test = boot.get("test")
    if test is not None:
        ci = test.ci(conf_level)
        return ci.low, ci.high
    # bootstrap dicts without a test object: bootstrap-t quantile approximation
    q = float(np.quantile(np.abs(boot["t_boot"]), conf_level))
    return est - q * se, est + q * se
