"""``SpecGrid``: run outcomes x regressors x fixed-effect sets x samples x vcov choices.

Returns one tidy frame (a specification curve, Simonsohn-Simmons-Nelson 2020) with one row per
(specification, focal regressor) and a plot: sorted estimates with CIs above an indicator panel
showing which choices each specification makes. Failing specifications are kept as rows with
``error`` filled (and a warning), never silently dropped.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gvc.estimators.errors import SpecificationError
from gvc.estimators.feols import feols

Sample = Callable[[pd.DataFrame], pd.Series] | pd.Series | None


class SpecGrid:
    """Cross product of specification choices.

    Parameters
    ----------
    data : the estimation frame.
    outcomes, regressors : column names (each regressor is the focal term of its specs).
    fe_sets : {label: "fe1 + fe2" or None}.
    samples : {label: None (all rows) | boolean Series aligned to data | callable(data) -> mask}.
    vcovs : {label: any ``vcov`` accepted by :func:`gvc.estimators.feols`}.
    controls : extra regressors included in every specification.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        outcomes: Sequence[str],
        regressors: Sequence[str],
        fe_sets: Mapping[str, str | None] | None = None,
        samples: Mapping[str, Sample] | None = None,
        vcovs: Mapping[str, Any] | None = None,
        controls: Sequence[str] = (),
    ) -> None:
        self.data = data
        self.outcomes = list(outcomes)
        self.regressors = list(regressors)
        self.fe_sets = dict(fe_sets or {"none": None})
        self.samples = dict(samples or {"all": None})
        self.vcovs = dict(vcovs or {"hetero": "hetero"})
        self.controls = list(controls)
        if not self.outcomes or not self.regressors:
            raise SpecificationError("SpecGrid needs at least one outcome and one regressor")
        self.results_: pd.DataFrame | None = None

    def __len__(self) -> int:
        return (
            len(self.outcomes)
            * len(self.regressors)
            * len(self.fe_sets)
            * len(self.samples)
            * len(self.vcovs)
        )

    def _mask(self, sample: Sample) -> pd.Series:
        if sample is None:
            return pd.Series(True, index=self.data.index)
        mask = sample(self.data) if callable(sample) else sample
        return pd.Series(mask, index=self.data.index).astype(bool)

    def run(self, conf_level: float = 0.95) -> pd.DataFrame:
        """Estimate every specification; return the specification-curve frame."""
        rows = []
        grid = itertools.product(
            self.outcomes,
            self.regressors,
            self.fe_sets.items(),
            self.samples.items(),
            self.vcovs.items(),
        )
        n_failed = 0
        for spec_id, (y, x, (fe_name, fe), (s_name, s), (v_name, v)) in enumerate(grid):
            rhs = " + ".join([x, *self.controls])
            formula = f"{y} ~ {rhs}" + (f" | {fe}" if fe else "")
            base = {
                "spec_id": spec_id,
                "outcome": y,
                "regressor": x,
                "fe": fe_name,
                "sample": s_name,
                "vcov": v_name,
                "formula": formula,
            }
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    d = self.data.loc[self._mask(s)]
                    fit = feols(formula, d, v)
                t = fit.tidy(conf_level).set_index("term").loc[x]
                rows.append({**base, **t.to_dict(), "nobs": fit.nobs, "error": ""})
            except Exception as exc:  # recorded, reported, never silent
                n_failed += 1
                rows.append({**base, "nobs": 0, "error": f"{type(exc).__name__}: {exc}"})
        if n_failed:
            warnings.warn(
                f"{n_failed} of {len(rows)} specifications failed; see the 'error' column",
                UserWarning,
                stacklevel=2,
            )
        cols = [
            "spec_id",
            "outcome",
            "regressor",
            "fe",
            "sample",
            "vcov",
            "estimate",
            "std_error",
            "statistic",
            "p_value",
            "ci_low",
            "ci_high",
            "nobs",
            "formula",
            "error",
        ]
        self.results_ = pd.DataFrame(rows).reindex(columns=cols)
        return self.results_

    RESULT_COLUMNS = ("estimate", "ci_low", "ci_high", "outcome", "regressor", "fe", "sample")

    @classmethod
    def from_results(cls, results: pd.DataFrame) -> SpecGrid:
        """A grid holding estimates made elsewhere (e.g. the rows of a claims ledger), for
        :meth:`plot`. ``results`` needs :data:`RESULT_COLUMNS`; ``vcov``, ``p_value``,
        ``error`` and ``spec_id`` are filled when absent (``p_value`` NaN: the plot then marks
        significance by whether the CI excludes 0)."""
        missing = [c for c in cls.RESULT_COLUMNS if c not in results.columns]
        if missing:
            raise SpecificationError(f"from_results needs columns {missing}")
        grid = cls.__new__(cls)
        res = results.reset_index(drop=True).copy()
        defaults = {"vcov": "", "p_value": np.nan, "error": "", "spec_id": range(len(res))}
        for col, value in defaults.items():
            if col not in res.columns:
                res[col] = value
        grid.data = pd.DataFrame()
        grid.outcomes = list(dict.fromkeys(res["outcome"]))
        grid.regressors = list(dict.fromkeys(res["regressor"]))
        grid.fe_sets, grid.samples, grid.vcovs, grid.controls = {}, {}, {}, []
        grid.results_ = res
        return grid

    def plot(
        self,
        path: str | Path | None = None,
        *,
        title: str | None = None,
        ylabel: str = "Estimate",
        reference: float | tuple[float, float] | None = None,
        reference_label: str = "claimed",
        highlight: object = None,
    ):
        """Specification curve: sorted estimates with CIs and an indicator panel; PNG if ``path``.

        ``reference`` draws a claimed value (line) or range (band); ``highlight`` is the
        ``spec_id`` of a specification drawn as a larger black diamond (e.g. the primary)."""
        import matplotlib.pyplot as plt
        import seaborn as sns

        res = self.results_ if self.results_ is not None else self.run()
        ok = res[res["error"] == ""].sort_values("estimate").reset_index(drop=True)
        if ok.empty:
            raise SpecificationError("no specification succeeded; nothing to plot")
        dims = [c for c in ("outcome", "regressor", "fe", "sample", "vcov") if ok[c].nunique() > 1]
        labels = [(c, v) for c in dims for v in ok[c].unique()]
        fig, (ax1, ax2) = plt.subplots(
            2,
            1,
            sharex=True,
            figsize=(7, 3 + 0.25 * max(len(labels), 1)),
            gridspec_kw={"height_ratios": [2, max(1, len(labels) * 0.25)]},
        )
        pos = np.arange(len(ok))
        excl0 = (ok["ci_low"] > 0) | (ok["ci_high"] < 0)
        sig = (ok["p_value"] < 0.05).where(ok["p_value"].notna(), excl0)
        ax1.vlines(pos, ok["ci_low"], ok["ci_high"], color="grey", lw=1)
        sns.scatterplot(
            x=pos, y=ok["estimate"], hue=sig.map({True: "p<0.05", False: "n.s."}), ax=ax1, s=25
        )
        ax1.axhline(0, color="black", lw=0.7, ls="--")
        if reference is not None:
            lo, hi = reference if isinstance(reference, tuple) else (reference, reference)
            if lo == hi:
                ax1.axhline(lo, color="#d73027", lw=1.2, label=f"{reference_label}: {lo:g}")
            else:
                ax1.axhspan(lo, hi, color="#d73027", alpha=0.15, label=f"{reference_label}")
        if highlight is not None and (ok["spec_id"] == highlight).any():
            k = int(np.flatnonzero((ok["spec_id"] == highlight).to_numpy())[0])
            ax1.scatter(
                [k],
                [ok["estimate"].iloc[k]],
                marker="D",
                s=60,
                color="black",
                zorder=5,
                label="primary",
            )
        if reference is not None or highlight is not None:
            ax1.legend(fontsize=7)
        ax1.set_ylabel(ylabel)
        ax1.set_title(title or f"Specification curve ({len(ok)} specifications)")
        for j, (c, v) in enumerate(labels):
            hit = pos[(ok[c] == v).to_numpy()]
            ax2.scatter(hit, np.full(hit.size, j), marker="|", color="black")
        ax2.set_yticks(range(len(labels)), [f"{c}: {v}" for c, v in labels])
        ax2.set_xlabel("Specification (sorted by estimate)")
        fig.tight_layout()
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, dpi=150)
            plt.close(fig)
        return fig
