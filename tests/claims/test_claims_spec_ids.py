"""Spec ids live in the registry; each family module declares the ones it computes (``SPECS``).

Checked statically, at test time, on the registry file and the modules (nothing is estimated):
every registry spec that names no ``function`` is in its family's ``SPECS`` and every id in a
family's ``SPECS`` is a registry spec of that claim; every named ``function`` imports; every
family module is some claim's family. Then the two ways a spec is computed, on one claim: a
family's specs next to a named function (rows in registry order), and a claim that is not from
a seed document, whose specs all name functions.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest

from gvc.claims.claims_file import resolve_function
from gvc.claims.families.layout import has_steps
from gvc.claims.registry import CLAIMS, SEED_CLAIMS_FILE, check_quotes, read_seed_claims
from gvc.errors import DataError

FAMILY_DIR = Path(import_module("gvc.claims.families").__file__).parent


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.family], ids=lambda c: c.id)
def test_registry_spec_ids_match_the_family_module(claim):
    module = import_module(f"gvc.claims.families.{claim.family}")
    declared = list(module.SPECS)
    assert len(declared) == len(set(declared)), f"{claim.family}.SPECS repeats an id"
    registry = [s.id for s in claim.family_specs]
    assert sorted(declared) == sorted(registry), (
        f"in seed_claims.toml, not in {claim.family}.SPECS: {sorted(set(registry) - set(declared))}"
        f"; in {claim.family}.SPECS, not in seed_claims.toml: "
        f"{sorted(set(declared) - set(registry))}"
    )


def test_every_family_module_is_a_claims_family():
    used = {c.family for c in CLAIMS if c.family}
    modules = {
        p.stem
        for p in FAMILY_DIR.glob("*.py")
        if has_steps(import_module(f"gvc.claims.families.{p.stem}"))
    }
    assert used and modules == used


def test_every_named_function_imports():
    for c in CLAIMS:
        for s in c.function_specs:
            assert callable(resolve_function(s.function, f"{c.id}/{s.id}"))


NON_SEED = """
[[claim]]
id = "C99"
text = "China's backward participation rose between 2005 and 2011."
source = "Author (2020), A book, p. 3"
type = "trend"
reference = { kind = "greater_than", value = 0, unit = "pts/yr" }
scope = { construct = "China's backward participation", unit = "pts/yr", window = [2005, 2011] }

[[claim.spec]]
id = "C99-trend"
function = "spec_mod:trend"
data = "simulated"
"""


def test_a_claim_from_another_source_with_functions(tmp_path):
    """Reference: the claim as written; its quote is not looked for in any seed file."""
    p = tmp_path / "seed_claims.toml"
    p.write_text(SEED_CLAIMS_FILE.read_text(encoding="utf-8") + NON_SEED, encoding="utf-8")
    claims = read_seed_claims(p)
    c99 = claims[-1]
    assert (c99.id, c99.family, c99.testable) == ("C99", "", True)
    (spec,) = c99.specifications
    assert (spec.function, spec.rule, spec.reference) == (
        "spec_mod:trend",
        "greater_than",
        "claimed",
    )
    assert check_quotes(tmp_path, [c99]) == []  # a citation: no seed file to look in
    assert check_quotes(tmp_path, claims[:1])  # a seed document missing here: reported

    from gvc.claims.user import Estimate
    from gvc.claims.user_run import function_rows

    (tmp_path / "spec_mod.py").write_text("")
    import sys

    sys.modules.pop("spec_mod", None)
    mod = type(sys)("spec_mod")
    mod.trend = lambda load: Estimate(0.4, 0.1, 0.7, 7, window=(2005, 2011))
    sys.modules["spec_mod"] = mod
    try:
        (row,), est = function_rows(c99, c99.specifications, lambda name, **f: None)
    finally:
        del sys.modules["spec_mod"]
    assert row["verdict"] == "consistent" and est["C99-trend"].estimate == 0.4


def test_a_family_claim_may_name_a_function_too(monkeypatch, tmp_path):
    """A spec with ``function`` next to C7's family specs: one row each, in registry order."""
    from dataclasses import replace

    import gvc.claims.families as fams
    from gvc.claims.registry import Specification, get_claim

    c7 = get_claim("C7")
    extra = Specification("C7-fn", "d", "x", c7.primary.reference, function="tests.nothing:x")
    claim = replace(c7, specifications=(c7.specifications[0], extra, *c7.specifications[1:]))
    monkeypatch.setattr(fams, "get_claim", lambda cid: claim)

    def nothing(name, **filters):
        raise DataError(f"{name} is not built")

    monkeypatch.setattr(
        "gvc.claims.user_run.resolve_function", lambda *a, **k: lambda load: load("robots")
    )
    module = import_module("gvc.claims.families.c7")
    res = fams.run_mixed(module, "C7", nothing, tmp_path)
    assert list(res.rows["specification"]) == [s.id for s in claim.specifications]
    fn_row = res.rows.set_index("specification").loc["C7-fn"]
    assert "robots is not built" in fn_row["note"] and "`C7-fn`" in res.result_md
