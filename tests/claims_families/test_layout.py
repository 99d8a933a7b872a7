"""Every claim family follows the one layout of :mod:`gvc.claims.families.layout`."""

from __future__ import annotations

from importlib import import_module

import pytest

from gvc.claims.families.layout import STEPS, FamilyData, has_steps
from gvc.claims.registry import CLAIMS


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.family], ids=lambda c: c.id)
def test_family_defines_the_four_steps(claim):
    module = import_module(f"gvc.claims.families.{claim.family}")
    missing = [s for s in STEPS if not callable(getattr(module, s, None))]
    assert not missing, f"{module.__name__} lacks {missing}"
    assert has_steps(module)


def test_steps_one_at_a_time_equal_the_run(built_data, tmp_path, monkeypatch):
    """A notebook calling the steps one by one gets the rows ``make reproduce`` writes."""
    import gvc
    from gvc.claims.families import FAMILIES, family

    monkeypatch.setenv("GVC_DATA_DIR", str(built_data))
    fam = family("C7")
    data = fam.data(gvc.load)
    assert isinstance(data, FamilyData) and data.frames
    rows = fam.estimate(data)
    whole = FAMILIES["C7"](gvc.load, tmp_path).rows
    assert rows[["specification", "estimate", "verdict"]].equals(
        whole[["specification", "estimate", "verdict"]]
    )
    text = fam.describe(data, rows)
    assert text.caveats and text.result_md
    # each object a notebook shows displays as a table or Markdown, not a dataclass dump
    assert fam._repr_markdown_().startswith("**C7**")
    assert "<li><b>" in data._repr_html_()
    assert "**Caveats.** " + text.caveats in text._repr_markdown_()
    html = FAMILIES["C7"](gvc.load, tmp_path)._repr_html_()
    assert html.count("<tr>") == len(rows) and "C7-wdi-run-start" in html  # body rows


def test_family_of_an_untestable_claim_is_refused():
    from gvc.claims.families import family

    untestable = next(c for c in CLAIMS if not c.testable)
    with pytest.raises(KeyError, match="not testable"):
        family(untestable.id)
