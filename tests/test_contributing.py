"""CONTRIBUTING.md stays true to the code: every repository path it names exists, every
``module.NAME`` it points contributors to is importable, and its claims-file example is a valid
claims file (read by :func:`gvc.claims.claims_file.read_claims_file`)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEXT = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_named_paths_exist():
    paths = set(re.findall(r"`((?:gvc|tests|notebooks)/[\w./]+?\.(?:py|csv|ipynb|toml))`", TEXT))
    assert len(paths) > 15
    missing = sorted(p for p in paths if not (REPO / p).is_file())
    assert not missing, missing


@pytest.mark.parametrize(
    "module,names",
    [
        ("gvc.sources.readers", ["read_csv", "require_columns", "to_numeric", "to_year"]),
        ("gvc.sources.country_codes", ["check_codes"]),
        ("gvc.sources.registry", ["Source", "RawFile"]),
        ("gvc.panels.tables", ["TableSpec", "TABLES"]),
        ("gvc.panels.schemas", ["SCHEMAS"]),
        ("gvc.panels.registry", ["ALL_TABLES"]),
        ("gvc.io.tiva", ["TERMS", "RATIOS", "tiva"]),
        ("gvc.io.wwyz", ["LEVEL_TERMS", "RATIOS"]),
        ("gvc.io.participation", ["WWYZ_MEASURES"]),
        ("gvc.claims.registry", ["check_quotes", "ReferenceValue", "read_seed_claims"]),
        (
            "gvc.claims.families.base",
            ["try_load", "unavailable", "fit_row", "quiet_feols", "BOOT_SEED"],
        ),
        ("gvc.claims.families.base", ["new_figure", "save_figure"]),
        ("gvc.claims.families.layout", ["FamilyData", "FamilyText", "FamilyResult", "run_family"]),
        ("gvc.claims.families", ["family", "FAMILIES"]),
        ("gvc.report.figures", ["new_figure", "save_figure"]),
        ("gvc.claims.ledger", ["ledger_row"]),
        ("gvc.pipeline", ["SEEDS"]),
        ("gvc", ["Claim", "Estimate", "assess", "feols", "load", "decompose"]),
    ],
)
def test_named_functions_exist(module, names):
    mod = importlib.import_module(module)
    for name in names:
        assert hasattr(mod, name), f"{module}.{name}"
        assert f"{name}" in TEXT


def test_the_claims_file_example_is_valid(tmp_path):
    from gvc.claims.claims_file import read_claims_file

    block = re.search(r"```toml\n(.*?)```", TEXT, re.S).group(1)
    p = tmp_path / "example.toml"
    p.write_text(block)
    (claim,) = read_claims_file(p, resolve=False)
    assert (claim.kind, claim.value, claim.unit) == ("greater_than", 50.0, "pct")
    assert claim.specs[0].function == "my_tests:china_robot_share"


def test_the_enforced_numbers_match_the_tests():
    families = (REPO / "tests/claims_families/test_families.py").read_text()
    assert "st_size > 5000" in families and "5,000 bytes" in TEXT
    assert "res.caveats" in families and "`caveats`" in TEXT
