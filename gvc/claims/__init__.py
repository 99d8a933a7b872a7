"""Claims ledger: every quantitative statement in the source documents, how to test it, and the
rule that turns an estimate into a verdict.

- :mod:`gvc.claims.registry`: the :class:`~gvc.claims.registry.Claim` records (``CLAIMS``), read
  from the data file ``gvc/claims/data/seed_claims.toml`` (schema: :mod:`gvc.claims.claim_schema`).
- :mod:`gvc.claims.user`: users' own claims, ``gvc.Claim``, ``gvc.Estimate``, ``gvc.assess``;
  :mod:`gvc.claims.claims_file` reads a TOML file of them and :mod:`gvc.claims.user_run` runs
  them (``gvc reproduce --claims``).
- :mod:`gvc.claims.verdict`: :func:`~gvc.claims.verdict.verdict` and the headline rule.
- :mod:`gvc.claims.trend`: linear trend (pts per year): from 8 points an equal-weighted
  cosine (EWC) HAR interval with fixed-b t(B) critical values (indicative below 30 points); OLS
  with iid t(n-2) errors below 8 points (indicative).
- :mod:`gvc.claims.developing`: "developing" by data year (historical World Bank groups), base
  year, today's classification (robustness) or UN M49.
- :mod:`gvc.claims.spec_curve`: specification curve and agreement with the primary row.
- :mod:`gvc.claims.audit`: checks that a ledger keeps the verdict rule's promises.
- :mod:`gvc.claims.ai_gap`: C2, US-China gap of top AI models by benchmark and year.
- :mod:`gvc.claims.patent_share`: C3, developing countries' share of AI patent applications.
- :mod:`gvc.claims.ai_investment`: C16 proxy, share of private AI investment in the US, China and
  Europe (a proxy for AI venture capital; family `gvc.claims.families.c16`).
- :mod:`gvc.claims.ledger`: rows of ``claims.csv`` (``ledger_row``, ``untested_rows``).
"""

from gvc.claims.registry import CLAIMS, Claim, ReferenceValue, Specification, get_claim
from gvc.claims.verdict import VERDICTS, headline, verdict

__all__ = [
    "CLAIMS",
    "Claim",
    "ReferenceValue",
    "Specification",
    "VERDICTS",
    "get_claim",
    "headline",
    "verdict",
]
