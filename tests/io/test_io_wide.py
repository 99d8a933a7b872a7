"""Lean output: ``decompose(..., wide=True)`` (one column per term, as decompr and Stata print
it) against the published leather values, categorical label columns, ``year``/``unit`` columns,
and the size of an 81 x 45 bilateral-sector frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_io_leather import PUBLISHED

from gvc.io import ICIO, decompose
from gvc.io.frames import tidy

LABELS = ["exporter", "importer", "industry"]


def test_wide_country_matches_published_leather(leather):
    w = decompose(leather, "bm", "country", wide=True)
    assert list(w.columns) == LABELS + list(PUBLISHED.index)  # decompr's column order
    assert list(w.exporter) == list(PUBLISHED.columns)
    for c in PUBLISHED.columns:
        row = w[w.exporter == c].iloc[0]
        for term in PUBLISHED.index:
            assert row[term] == pytest.approx(PUBLISHED.loc[term, c], abs=1e-8)


@pytest.mark.parametrize(
    "method,level,opts",
    [
        ("bm", "bilateral_sector", {"approach": "sink"}),
        ("bm", "sector", {}),
        ("tiva", "bilateral", {}),
        ("wwz", "bilateral_sector", {}),
        ("kww", "country", {}),
        ("wwyz", "sector", {}),
        ("bm", "bilateral", {"perspective": "importer"}),
        ("bm", "country", {"perspective": "world"}),
    ],
)
def test_wide_equals_long_pivot(leather, method, level, opts):
    long = decompose(leather, method, level, **opts)
    for c in (*LABELS, "term"):
        assert long[c].dtype == "string", c
    wide = decompose(leather, method, level, wide=True, **opts)
    for c in LABELS:
        assert wide[c].dtype == "string", c
    terms = list(dict.fromkeys(long.term.astype(str)))
    assert list(wide.columns) == LABELS + terms
    assert len(wide) * len(terms) == len(long)
    back = wide.melt(id_vars=LABELS, var_name="term", value_name="value")
    key = [*LABELS, "term"]
    a = back.astype(dict.fromkeys(key, str)).set_index(key)["value"].sort_index()
    b = long.astype(dict.fromkeys(key, str)).set_index(key)["value"].sort_index()
    pd.testing.assert_series_equal(a, b, check_names=False)


def test_year_unit_and_industry_names_from_published_tables(tmp_path):
    from icio_layouts import make_world, write_oecd, write_sheet

    from gvc.tables_io import read_icio

    write_oecd(tmp_path / "ICIO2021_2017.csv", make_world(61))
    io = read_icio(tmp_path / "ICIO2021_2017.csv")
    df = decompose(io, "bm", "bilateral", wide=True)
    assert df.columns[0] == "year" and df.columns[-1] == "unit"
    assert (df.year == 2017).all() and set(df.unit) == {"millions of current USD"}
    w = make_world(62, ("A01", "C10-C12", "U"), K=5, splits=False)
    write_sheet(tmp_path / "WIOT2014_Nov16_ROW.xlsx", w, "wiod2016")
    df = decompose(read_icio(tmp_path / "WIOT2014_Nov16_ROW.xlsx"), "bm", "sector")
    assert list(df.columns[:5]) == ["year", "exporter", "importer", "industry", "industry_name"]
    assert set(zip(df.industry.astype(str), df.industry_name.astype(str), strict=True)) == {
        ("A01", "Industry A01"), ("C10-C12", "Industry C10-C12"), ("U", "Industry U")}  # fmt: skip
    # a plain table has no year or unit to report
    plain = ICIO(w.Z, w.F, w.reported, w.industries)
    assert list(decompose(plain, "bm").columns) == [*LABELS, "term", "value"]


def test_bilateral_sector_frame_81x45_under_100_mib():
    """Frame size only (the terms are random): 81 exporters x 80 partners x 45 industries."""
    G, N = 81, 45
    n = G * N
    rng = np.random.default_rng(0)
    Z = np.diag(rng.uniform(1.0, 2.0, n))  # any valid table of that shape
    io = ICIO(Z, np.ones((n, G)), [f"C{g:02d}" for g in range(G)], [f"I{i}" for i in range(N)])
    terms = ("GEXP", "DC", "DVA", "VAX", "DAVAX", "REF", "DDC", "FC", "FVA", "FDC", "GVC",
             "GVCB", "GVCF")  # fmt: skip
    per_unit = [(u, {t: rng.random((N, G)) for t in terms}) for u in io.units()]
    wide = tidy(io, per_unit, "bilateral_sector", wide=True)
    long = tidy(io, per_unit, "bilateral_sector")
    assert len(wide) == G * (G - 1) * N and len(long) == len(wide) * len(terms)
    mib = 2**20
    assert wide.memory_usage(deep=True).sum() < 100 * mib
    assert long.memory_usage(deep=True).sum() < 100 * mib  # 3.8 M rows, categorical labels


def test_kww_wwz_groups_and_unknown_exporters(leather):
    """Groups are decomposed (gvc.io.kww_wwz_groups): a one-member group equals its country;
    unknown exporters stay a clear error."""
    from gvc.errors import ValidationError

    io = ICIO(leather.Z, leather.Y, leather.countries, leather.industries,
              groups={"EU": ["DEU"], "AT": ["ARG", "TUR"]})  # fmt: skip
    for method in ("kww", "wwz"):
        level = "country" if method == "kww" else "bilateral"
        w = decompose(io, method, level, exporters=["EU", "DEU", "AT"], wide=True)
        terms = [c for c in w.columns if c not in ("exporter", "importer", "industry")]
        eu, de = (w[w.exporter == e].set_index("importer")[terms] for e in ("EU", "DEU"))
        np.testing.assert_allclose(eu.to_numpy(), de.to_numpy(), rtol=1e-12)
        assert set(w[w.exporter == "AT"].importer) <= {"", "DEU"}
        with pytest.raises(ValidationError, match=r"unknown exporters \['XXX'\]"):
            decompose(io, method, level, exporters="XXX")
    got = decompose(io, "kww", exporters=["DEU"])
    assert set(got.exporter) == {"DEU"}
