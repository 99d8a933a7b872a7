"""Spec functions of registry claims: one module per claim that names its specs' functions
(``function = "gvc.claims.specs.<module>:<function>"`` in ``gvc/claims/data/seed_claims.toml``).

A spec function takes the panel loader (``load(name, **filters)``, like :func:`gvc.load`) and
returns a :class:`gvc.Estimate` (or a fit with the spec's ``term``); it runs exactly as a user's
claim does (:mod:`gvc.claims.user_run`). See CONTRIBUTING, "Add a claim".
"""
