"""Checks of a finished ledger against the verdict rule's promises (issue 10's "done when").

:func:`audit` returns one sentence per violation (empty = clean):

1. two interval rows with the same reference and the same rejection pattern
   (:func:`gvc.claims.verdict.rejects`) carry different labels;
2. a point-rule row (level, share) carries a sign label;
3. a row estimated with HAC errors (Newey-West, Driscoll-Kraay) rests on fewer than
   :data:`gvc.claims.trend.HAC_MIN_POINTS` years;
4. a "developing" row of C3/C5 names no definition (historical World Bank groups, the base-year
   or current classification as labelled robustness, or UN M49);
5. an estimated row with a CI lacks ``sample`` or ``inference``, or a clustered one lacks
   ``n_clusters``;
6. (issue 20) a row on a series of fewer than :data:`gvc.claims.verdict.MIN_TIME_POINTS` time
   points (its inference says ``indicative (n = k)``) carries a verdict, or a ``descriptive`` /
   ``not comparable`` row does not say why and what the rule alone would have said (a row
   whose specification declares another ``construct`` says what it measures instead).

Rows that are ``descriptive`` or ``not comparable`` are left out of checks 1 and 2: their label
comes from the checks before the rule, not from the interval.
"""

from __future__ import annotations

import re

import pandas as pd

from gvc.claims.developing import LABELS
from gvc.claims.registry import CLAIMS
from gvc.claims.trend import HAC_MIN_POINTS
from gvc.claims.verdict import (
    CONSISTENT,
    DESCRIPTIVE,
    DIFFERS,
    MIN_TIME_POINTS,
    NO_ESTIMATE,
    NOT_COMPARABLE,
    rejects,
)

_HAC = ("Newey-West", "Driscoll-Kraay", "HAC SE")
_DEFINITION_WORDS = tuple(x.split(" {")[0].split(" (")[0] for x in LABELS.values())


def _spec(claim_id: str, spec_id: str):
    for c in CLAIMS:
        if c.id == claim_id:
            for s in c.specifications:
                if s.id == spec_id:
                    return c, s
    return None, None


def audit(ledger: pd.DataFrame) -> list[str]:
    """Violations of the ledger promises listed in the module docstring."""
    out: list[str] = []
    seen: dict[tuple, tuple[str, str]] = {}
    for r in ledger.itertuples(index=False):
        if r.verdict in NO_ESTIMATE:
            continue
        claim, spec = _spec(str(r.claim_id), str(r.specification))
        if spec is None:
            continue
        name = f"{r.claim_id}/{r.specification}"
        has_ci = not (pd.isna(r.ci_low) or pd.isna(r.ci_high))
        inference = "" if pd.isna(r.inference) else str(r.inference)
        no_rule = r.verdict in (DESCRIPTIVE, NOT_COMPARABLE)
        if no_rule and f"{r.verdict}: " not in str(r.note):
            out.append(f"{name}: {r.verdict!r} without its reason")
        if no_rule and not spec.construct and "the rule alone would say" not in str(r.note):
            out.append(f"{name}: {r.verdict!r} without what the rule alone would say")
        m = re.match(r"indicative \(n = (\d+)\)", inference)
        if m and int(m.group(1)) < MIN_TIME_POINTS and has_ci and not no_rule:
            out.append(f"{name}: verdict {r.verdict!r} from {m.group(1)} time points")
        if spec.rule == "point" and r.verdict not in (CONSISTENT, DIFFERS, NOT_COMPARABLE):
            out.append(f"{name}: level judged as {r.verdict!r}")
        if spec.rule == "interval" and has_ci and not no_rule:
            target = claim.reference(spec.reference).judged()  # as the ledger judged it
            key = (target, *rejects(r.ci_low, r.ci_high, target))
            if key in seen and seen[key][1] != r.verdict:
                out.append(
                    f"{name}: {r.verdict!r} but {seen[key][0]} has the same rejection pattern "
                    f"and {seen[key][1]!r}"
                )
            seen.setdefault(key, (name, str(r.verdict)))
        sample = "" if pd.isna(r.sample) else str(r.sample)
        if any(h in inference for h in _HAC):
            m = re.search(r"(\d+) years?", sample)
            years = int(m.group(1)) if m else int(r.n_obs)
            if years < HAC_MIN_POINTS:
                out.append(f"{name}: HAC errors on {years} years")
        spec_id = str(r.specification)
        if r.claim_id in ("C3", "C5") and ("dev" in spec_id or "-wb" in spec_id):
            if not any(w in str(r.note) for w in _DEFINITION_WORDS):
                out.append(f"{name}: 'developing' row names no definition")
        if has_ci and (not sample or not inference):
            out.append(f"{name}: estimated row without sample/inference")
        if "cluster" in inference and pd.isna(r.n_clusters):
            out.append(f"{name}: clustered row without n_clusters")
    return out
