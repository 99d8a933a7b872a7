"""The seed registry as data (issue 14): ``gvc/claims/data/seed_claims.toml`` is package data,
validated on load against :mod:`gvc.claims.claim_schema`; families are discovered from it.

Reference: the file as shipped reads back into exactly ``CLAIMS``; each broken copy must fail
in one line naming the file, the claim and the field.
"""

from __future__ import annotations

from importlib.resources import files

import pytest

from gvc.claims.claim_schema import ClaimsFileError
from gvc.claims.registry import CLAIMS, SEED_CLAIMS_FILE, is_seed_document, read_seed_claims

TEXT = SEED_CLAIMS_FILE.read_text(encoding="utf-8")


def test_registry_is_package_data_and_reads_back():
    assert files("gvc.claims").joinpath("data/seed_claims.toml").is_file()
    assert read_seed_claims(SEED_CLAIMS_FILE) == CLAIMS
    assert [c.id for c in CLAIMS] == [f"C{i}" for i in range(1, len(CLAIMS) + 1)]
    # the 24 claims of the seed documents (C1-C24), 9 of them testable; added claims follow
    seeds = [c for c in CLAIMS if is_seed_document(c.source)]
    assert sum(c.testable for c in seeds) == 9 and len(seeds) == 24


def test_families_are_discovered_from_the_registry():
    import importlib

    from gvc.claims.families import FAMILIES
    from gvc.claims.families.layout import has_steps, run_family

    testable = [c for c in CLAIMS if c.testable]
    assert list(FAMILIES) == [c.id for c in testable]
    for c in testable:
        run = FAMILIES[c.id]
        if not c.family:  # every spec names its function: run as a user's claim is
            assert run.func.__name__ == "run_functions" and run.args == (c.id,)
            continue
        module = importlib.import_module(f"gvc.claims.families.{c.family}")
        if c.function_specs:
            assert run.func.__name__ == "run_mixed"
        elif has_steps(module):  # the four-step layout: run_family chains the module's steps
            assert run.func is run_family and run.args == (module, c.id)
        else:
            assert run is module.run


@pytest.mark.parametrize(
    "old,new,match",
    [
        ('id = "C2"\n', 'id = "C2"\ncolour = "red"\n', "claim 'C2': unknown field 'colour'"),
        ('id = "C2"\n', 'id = "X2"\n', "claim 'X2': field 'id' must be C1, C2"),
        ('testable = true\nfamily = "c2"\n', "testable = true\n", "claim 'C2': field 'family'"),
        ("testable = true", 'testable = "yes"', "field 'testable' must be true or false"),
        ('rule = "interval"', 'rule = "vibes"', "field 'rule' not in"),
        (
            'unit = "pts GVC participation per 1 pt robot density (robots/100)"',
            "unit = 3",
            "claim 'C1' reference #1: field 'unit' must be a string",
        ),
        ('type = "effect"', 'type = "opinion"', "C1: type 'opinion'"),
        ('reference = "points on points"', 'reference = "nope"', "unknown reference 'nope'"),
        ("\n[[claim.spec]]\n", "\n[claim.spec]\n", "not valid TOML"),
    ],
)
def test_broken_registry_fails_in_one_line(tmp_path, old, new, match):
    assert old in TEXT, old
    p = tmp_path / "seed_claims.toml"
    p.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ClaimsFileError, match=match) as exc:
        read_seed_claims(p)
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith(str(p))
