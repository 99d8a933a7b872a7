"""help(gvc.load) names every table with its key columns and the filter syntax (issue 21):
the docstring is checked against the table registry and the schemas that run."""

from __future__ import annotations

import re

import gvc


def test_load_docstring_lists_every_table_with_its_key():
    from gvc.panels.registry import ALL_TABLES
    from gvc.panels.schemas import SCHEMAS

    doc = gvc.load.__doc__
    for name in ALL_TABLES:
        m = re.search(rf"``{name}`` \(([^)]*)\)", doc.replace("\n      ", " "))
        assert m, name
        if name in SCHEMAS and SCHEMAS[name].unique:
            assert m.group(1) == ", ".join(SCHEMAS[name].unique), name
    assert "range(" in doc and "columns=" in doc
