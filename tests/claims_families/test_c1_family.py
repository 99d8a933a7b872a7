"""C1 family pieces outside the IFR design (gvc/claims/families/c1.py)."""

from __future__ import annotations


def test_revision_note_names_falls_between_consecutive_editions():
    """A fall of more than 10% between consecutive years is named (a likely revision between
    World Robotics editions); rises, small falls and falls across a gap are not."""
    import pandas as pd

    from gvc.claims.families.c1 import revision_note

    xc = pd.DataFrame(
        {
            "iso3": ["SGP", "SGP", "DEU", "DEU", "FRA", "FRA"],
            "year": [2019, 2020, 2019, 2020, 2017, 2019],
            "density_per_10k": [918.0, 605.0, 346.0, 330.0, 200.0, 150.0],
        }
    )
    note = revision_note(xc)
    assert "SGP 2019-2020 918 -> 605" in note
    assert "DEU" not in note and "FRA" not in note  # -4.6%, and a gap of two years
    assert "attenuates the slope toward 0" in revision_note(xc[xc.iso3 == "DEU"])
    assert "falls of more" not in revision_note(xc[xc.iso3 == "DEU"])
