"""gvc: global value chain econometrics from real data.

Public API (imported lazily so that ``import gvc`` stays fast):

- ``gvc.load(name, **filters)``: a processed panel (``robots``, ``wdi``, ``gvc_participation``,
  ...), filtered on its columns; ``gvc.tables()`` lists the names.
- ``gvc.build(names)``: build processed panels from raw files.
- ``gvc.ICIO``, ``gvc.decompose``: the input-output engine (``gvc.io``).
- ``gvc.read_icio(path)``: a published table (OECD ICIO, ADB MRIO, WIOD 2013/2016, Eora26,
  EXIOBASE 3, FIGARO) as an ``ICIO``; ``gvc.read_icio(z=, final=, x=)`` or
  ``gvc.read_user_icio(z, final, x)``: your own table from CSV files.
- ``gvc.icio(source, year, groups=...)``: a registry source's table in one call (both in
  ``gvc.tables_io``, the layer that reads tables for the pure-math ``gvc.io``).
- ``gvc.feols``, ``gvc.compare``, ``gvc.coefplot``, ``gvc.iplot``: panel estimators (``gvc.estimators``).
- ``gvc.Claim``, ``gvc.Estimate``, ``gvc.assess(claim, estimate)``: test your own claims with the
  verdict rule (``gvc.claims.user``); ``gvc reproduce --claims my_claims.toml`` reports a file of
  them (``gvc.claims.claims_file``).
"""

from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "load": ("gvc.panels.load", "load_labeled"),
    "build": ("gvc.panels.build", "build"),
    "ICIO": ("gvc.io", "ICIO"),
    "decompose": ("gvc.io", "decompose"),
    "read_icio": ("gvc.tables_io", "read_icio"),
    "read_user_icio": ("gvc.tables_io", "read_user_icio"),
    "icio": ("gvc.tables_io", "icio"),
    "participation_measures": ("gvc.io", "participation_measures"),
    "feols": ("gvc.estimators", "feols"),
    "compare": ("gvc.estimators", "compare"),
    "SpecGrid": ("gvc.estimators", "SpecGrid"),
    "coefplot": ("gvc.estimators", "coefplot"),
    "iplot": ("gvc.estimators", "iplot"),
    "tables": ("gvc.panels.load", "available"),
    "Claim": ("gvc.claims.user", "Claim"),
    "Estimate": ("gvc.claims.user", "Estimate"),
    "assess": ("gvc.claims.user", "assess"),
}

__all__ = ["__version__", *_LAZY]


_SUBMODULES = (
    "config",
    "names",
    "io",
    "tables_io",
    "estimators",
    "claims",
    "panels",
    "sources",
    "report",
    "demo",
)


def __getattr__(name: str):
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"gvc.{name}")
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    import difflib

    close = difflib.get_close_matches(name, list(_LAZY), n=1)
    hint = f"; did you mean gvc.{close[0]}?" if close else ""
    raise AttributeError(f"module 'gvc' has no attribute {name!r}{hint}")


def __dir__() -> list[str]:
    return sorted({*(k for k in globals() if k != "annotations"), *_LAZY, *_SUBMODULES})
