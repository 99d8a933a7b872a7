"""README's data dictionary gives each processed table's key as its schema declares it
(``gvc.panels.schemas.SCHEMAS``, ``unique=[...]``): a user joining or de-duplicating on the README's
key must not meet duplicate rows (``ifr_files`` was listed with key ``file`` while a file has one
row per problem)."""

from __future__ import annotations

import re
from pathlib import Path

from gvc.panels.schemas import SCHEMAS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_keys_match_schemas():
    section = README[README.index("## Processed tables (data dictionary)") :]
    section = section[: section.index("\n### ")]
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| ([a-z_0-9, ]+) \|", section, re.M))
    assert set(SCHEMAS) <= set(rows), "tables missing from the data dictionary"
    for name in SCHEMAS:
        key = [k.strip() for k in rows[name].split(",")]
        assert key == list(SCHEMAS[name].unique), name
