"""The table-format registry (``gvc.sources.icio_files.REGISTRY``) is the one list of formats:
names, detection order, the expected-format text of errors and the README's lists follow it.
Reference: the README itself, and the format ids ``read_table(fmt=...)`` accepted before the
registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gvc.sources.icio_files import EXPECTED, FORMATS, REGISTRY, read_table

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_read_icio_list_is_the_registry():
    """The comment beside ``gvc.read_icio(...)`` in README's library example lists the
    registry's titles, in registry order."""
    m = re.search(r'gvc\.read_icio\("ICIO2023_2020\.csv"\)\s*#(.*?), format detected', README, re.S)
    assert m, "README lost its gvc.read_icio example"
    listed = [t.strip() for t in m.group(1).replace("#", " ").split("/")]
    listed = [" ".join(t.split()) for t in listed]
    assert listed == [f.title for f in REGISTRY]


def test_readme_published_tables_paragraph_names_every_format_in_order():
    """README's "Published tables:" paragraph names each format's title, in registry order."""
    para = README[README.index("Published tables: `gvc.read_icio") :]
    para = para[: para.index("\n\n")]
    positions = [para.find(f.title) for f in REGISTRY]
    assert -1 not in positions, [f.title for f, k in zip(REGISTRY, positions, strict=True) if k < 0]
    assert positions == sorted(positions)


def test_registry_names_and_expected_text():
    """Format ids as before the registry, unique, and each described in ``EXPECTED``."""
    assert FORMATS == (
        "oecd-icio", "adb-mrio", "wiod2016", "wiod2013", "eora26", "exiobase3", "figaro"
    )  # fmt: skip
    for f in REGISTRY:
        assert f.expected in EXPECTED and f.title and callable(f.detect) and callable(f.read)


def test_unknown_format_names_the_registry(tmp_path):
    with pytest.raises(ValueError, match=r"format must be one of \('oecd-icio', .*'figaro'\)"):
        read_table(tmp_path / "x.csv", fmt="nope")
