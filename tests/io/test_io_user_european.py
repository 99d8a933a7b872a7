"""The user route in European format (issue 24 item 4): the mirror's WIOD 2011 table written as
Z.csv, F.csv and x.csv the way a European spreadsheet saves them gives the table and the
decomposition of the published file (the independent reference: ``gvc.read_icio`` of the
RData file itself)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from european_csv import europeanize

from gvc.io import decompose

SCALES = {"usd_mn": 1.0, "usd_bn": 1e-3}  # as published (whole numbers), and with decimals


def _shortest(v: float) -> str:
    """The shortest digits that round-trip, whole numbers without '.0' (as a spreadsheet)."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


@pytest.fixture(scope="module")
def tables(mirror, tmp_path_factory):
    """{name: ICIO}: the published file, and the user CSVs in European format, in millions
    (thousands points: 21.337) and in billions of USD (decimal commas: 21,337 and 1.234,567)."""
    from gvc.sources import wiod2013
    from gvc.tables_io import read_icio

    w = wiod2013.read_wiot(mirror / "wiod2013" / "wiot_2011.RData")
    labels = [f"{c}_{i}" for c in w.countries for i in w.industries]
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few WIOD sectors have negative value added
        out["file"] = read_icio(mirror / "wiod2013" / "wiot_2011.RData")
        for name, k in SCALES.items():
            d = tmp_path_factory.mktemp(name)
            frames = {
                "Z": pd.DataFrame(w.Z * k, index=labels, columns=labels),
                "F": pd.DataFrame(w.F_by_country * k, index=labels, columns=list(w.countries)),
                "x": pd.DataFrame({"x": w.x * k}, index=labels),
            }
            paths = {}
            for f, df in frames.items():
                df.to_csv(d / f"{f}_plain.csv", float_format=_shortest)
                paths[f] = europeanize(d / f"{f}_plain.csv", d / f"{f}.csv")
            out[f"{name}_cells"] = [
                c
                for f in ("Z", "F")
                for r in paths[f].read_text().splitlines()[1:]
                for c in r.split(";")[1:]
            ]
            out[name] = read_icio(z=paths["Z"], final=paths["F"], x=paths["x"], year=2011)
    return out


def test_files_are_european(tables):
    """Millions: whole numbers with thousands points only ('8.732', which ';' makes European);
    billions: decimal commas ('8,732') and both marks ('1.234,567')."""
    mn, bn = tables["usd_mn_cells"], tables["usd_bn_cells"]
    assert len(mn) == len(bn) == 1435 * (1435 + 41)
    assert any("." in c for c in mn) and not any("," in c for c in mn)
    assert any("," in c and "." not in c for c in bn) and any("." in c and "," in c for c in bn)


def test_table_as_published(tables):
    ref = tables["file"]
    for name, k in SCALES.items():
        io = tables[name]
        assert io.countries == ref.countries and io.industries == ref.industries
        if k == 1.0:  # whole numbers with thousands points: bit-for-bit
            np.testing.assert_array_equal(io.Z, ref.Z)
            np.testing.assert_array_equal(io.Y, ref.Y)
            np.testing.assert_array_equal(io.x, ref.x)
        else:
            np.testing.assert_allclose(io.Z / k, ref.Z, rtol=1e-12, atol=0)
            np.testing.assert_allclose(io.x / k, ref.x, rtol=1e-12, atol=0)


@pytest.mark.parametrize(
    "method,level", [("kww", "country"), ("wwz", "sector"), ("tiva", "country")]
)
def test_decomposition_as_published(tables, method, level):
    """Every term within 1e-9 of the published file's (relative to the largest term)."""
    keys = ["exporter", "importer", "industry", "term"]

    def series(io):
        df = decompose(io, method, level).astype(dict.fromkeys(keys, str)).set_index(keys)
        return df.sort_index()

    ref = series(tables["file"])
    levels = ~ref["unit"].astype(str).isin(["share", "ratio"]).to_numpy()  # in the table's unit
    ref = ref["value"]
    scale = float(np.nanmax(np.abs(ref.to_numpy())))
    for name, k in SCALES.items():
        got = series(tables[name])["value"]
        assert got.index.equals(ref.index), name
        vals = np.where(levels, got.to_numpy() / k, got.to_numpy())
        np.testing.assert_allclose(vals, ref.to_numpy(), rtol=1e-9, atol=1e-9 * scale,
                                   equal_nan=True, err_msg=f"{name} {method} {level}")  # fmt: skip
