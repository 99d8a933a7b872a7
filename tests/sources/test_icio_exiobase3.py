"""EXIOBASE 3 (monetary, ixi and pxp): a 3-region x 3-sector table written by the test in the
release's zip layout (``IOT_YYYY_ixi/`` with file_parameters.json, Z/A, Y, x, unit and the
satellite or factor_inputs extension), read with ``gvc.read_icio`` and compared with the same
table as plain arrays."""

from __future__ import annotations

import json
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest

from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio

REGIONS = ["AT", "DE", "WA"]  # two countries and the rest-of-world Asia-Pacific region
SECTORS = [
    "Cultivation of paddy rice",
    "Mining of coal and lignite",
    "Manufacture of motor vehicles",
]
CATS = [
    "Final consumption expenditure by households",
    "Final consumption expenditure by non-profit organisations serving households (NPISH)",
    "Final consumption expenditure by government",
    "Gross fixed capital formation",
    "Changes in inventories",
    "Changes in valuables",
    "Exports: Total (fob)",
]
FACTORS = [
    "Taxes less subsidies on products purchased: Total",
    "Other net taxes on production",
    "Compensation of employees; wages, salaries, & employers' social contributions: Low-skilled",
    "Compensation of employees; wages, salaries, & employers' social contributions: Medium-skilled",
    "Compensation of employees; wages, salaries, & employers' social contributions: High-skilled",
    "Operating surplus: Consumption of fixed capital",
    "Operating surplus: Rents on land",
    "Operating surplus: Royalties on resources",
    "Operating surplus: Remaining net operating surplus",
]
IDX = pd.MultiIndex.from_product([REGIONS, SECTORS], names=["region", "sector"])
YCOLS = pd.MultiIndex.from_product([REGIONS, CATS], names=["region", "category"])


def make_exio(seed=0):
    rng = np.random.default_rng(seed)
    n = len(IDX)
    Z = rng.uniform(0.0, 30.0, (n, n))
    Y = rng.uniform(0.0, 50.0, (n, len(YCOLS)))
    Y[:, 6::7] = 0.0  # the exports column is empty in the multi-regional table
    Y[:, 4::7] -= 10.0  # changes in inventories
    x = Z.sum(axis=1) + Y.sum(axis=1)
    v = x - Z.sum(axis=0)
    VA = rng.dirichlet(np.ones(len(FACTORS)), n).T * v
    return Z, Y, x, VA


def _tsv(df) -> str:
    return df.to_csv(sep="\t", float_format="%.17g")


def para(files: dict, systemtype: str, name: str) -> str:
    return json.dumps(
        {
            "files": {
                k: {"name": f"{k}.txt", "nr_index_col": str(i), "nr_header": str(h)}
                for k, (i, h) in files.items()
            },
            "systemtype": systemtype,
            "name": name,
        },
        indent=4,
    )


def write_exio(path, Z, Y, x, VA, year=2019, kind="ixi", ext="satellite", core="Z",
               drop=(), replace=None):  # fmt: skip
    root = f"IOT_{year}_{kind}/"
    Zdf = pd.DataFrame(Z, index=IDX, columns=IDX)
    files = {
        "Y.txt": _tsv(pd.DataFrame(Y, index=IDX, columns=YCOLS)),
        "x.txt": _tsv(pd.DataFrame({"indout": x}, index=IDX)),
        "unit.txt": _tsv(pd.DataFrame({"unit": ["M.EUR"] * len(IDX)}, index=IDX)),
    }
    if core == "Z":
        files["Z.txt"] = _tsv(Zdf)
    else:
        files["A.txt"] = _tsv(Zdf / x)
    accounts = {core: (2, 2), "Y": (2, 2), "x": (2, 1), "unit": (2, 1)}
    files["file_parameters.json"] = para(accounts, "IOSystem", f"IOT_{year}_{kind}")
    files["metadata.json"] = json.dumps(
        {"description": "EXIOBASE 3", "name": "EXIO3", "system": kind, "version": "3.8.2",
         "history": []}, indent=4
    )  # fmt: skip
    sat_rows = [*FACTORS, "CO2 - combustion - air"]
    F = np.vstack([VA, np.full((1, len(IDX)), 7.0)])
    srow = pd.Index(sat_rows, name="stressor")
    files[f"{ext}/F.txt"] = _tsv(pd.DataFrame(F, index=srow, columns=IDX))
    units = ["M.EUR"] * len(FACTORS) + ["kg"]
    files[f"{ext}/unit.txt"] = _tsv(pd.DataFrame({"unit": units}, index=srow))
    files[f"{ext}/file_parameters.json"] = para({"F": (1, 2), "unit": (1, 1)}, "Extension", ext)
    files.update(replace or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            if name not in drop:
                zf.writestr(root + name, text)
    return path


def plain(Z, Y):
    F = np.stack([Y[:, 7 * r : 7 * r + 7].sum(axis=1) for r in range(3)], axis=1)
    return ICIO(Z, F, ["AUT", "DEU", "WA"], ["i001", "i002", "i003"])


def wide(df):
    keys = ["exporter", "importer", "industry", "term"]
    return df.astype(dict.fromkeys(keys, str)).pivot_table(
        index=keys[:3], columns="term", values="value"
    )


@pytest.mark.parametrize(
    "core,ext", [("Z", "satellite"), ("A", "satellite"), ("Z", "factor_inputs")]
)
def test_exiobase_equals_plain_arrays(tmp_path, core, ext):
    Z, Y, x, VA = make_exio(1)
    path = write_exio(tmp_path / "renamed.zip", Z, Y, x, VA, core=core, ext=ext)
    assert detect(path) == "exiobase3"
    with warnings.catch_warnings(record=True) as rec:  # balanced table: no accounting warning
        warnings.simplefilter("always")
        io = read_icio(path)
    assert not [w for w in rec if "differs" in str(w.message)]
    assert io.countries == ("AUT", "DEU", "WA")
    assert io.industries == ("i001", "i002", "i003")
    assert io.meta["industry_names"]["i003"] == "Manufacture of motor vehicles"
    assert io.meta["unit"] == "millions of current EUR" and io.meta["year"] == 2019
    np.testing.assert_allclose(io.x, x, rtol=1e-12)
    np.testing.assert_allclose(io.Z.sum(axis=1) + io.Y.sum(axis=1), io.x, rtol=1e-10)
    ref = plain(Z, Y)
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-10)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-12)
    for level in ("country", "bilateral_sector"):
        got, exp = wide(decompose(io, "bm", level)), wide(decompose(ref, "bm", level))
        pd.testing.assert_frame_equal(got, exp, rtol=1e-9, atol=1e-8)


def test_exiobase_pxp_value_added_warning(tmp_path):
    Z, Y, x, VA = make_exio(2)
    VA[0, 4] += 5.0  # factor inputs no longer close the column of DE_Mining...
    path = write_exio(tmp_path / "IOT_2019_pxp.zip", Z, Y, x, VA, kind="pxp")
    with pytest.warns(UserWarning, match=r"satellite/F.txt.*DE_Mining of coal and lignite"):
        io = read_icio(path)
    assert io.meta["source"] == "exiobase3"


def test_pymrio_load_all_keeps_regions_and_cells(tmp_path):
    """Pins what gvc relies on: pymrio 0.7.0's loader returns Z and Y as written, with all
    regions (the rest-of-world ``WA`` included) and the (region, sector) labels in file order."""
    import pymrio

    Z, Y, x, VA = make_exio(3)
    path = write_exio(tmp_path / "IOT_2019_ixi.zip", Z, Y, x, VA)
    mr = pymrio.load_all(path, subset=["Z", "Y", "x", "F", "unit"])
    assert list(mr.Z.index) == list(IDX) and list(mr.Y.columns) == list(YCOLS)
    np.testing.assert_allclose(mr.Z.to_numpy(), Z, rtol=1e-15)
    assert mr.get_regions().tolist() == REGIONS
    assert mr.satellite.F.shape == (len(FACTORS) + 1, len(IDX))


# ------------------------------------------------------------------------------ damaged files


def _msg(exc) -> str:
    assert "\n" not in str(exc.value)
    return str(exc.value)


def test_exiobase_truncated_zip(empty_data_dir):
    Z, Y, x, VA = make_exio(4)
    data = write_exio(empty_data_dir / "IOT_2019_ixi.zip", Z, Y, x, VA).read_bytes()
    (empty_data_dir / "cut.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError) as exc:
        read_icio(empty_data_dir / "cut.zip")
    assert "cut.zip" in _msg(exc)


def test_exiobase_missing_file(empty_data_dir):
    Z, Y, x, VA = make_exio(5)
    path = write_exio(empty_data_dir / "IOT_2019_ixi.zip", Z, Y, x, VA, drop=("Y.txt",))
    with pytest.raises(DataError, match=r"EXIOBASE 3.*IOT_2019_ixi/Y.txt is missing") as exc:
        read_icio(path)
    _msg(exc)
    path = write_exio(empty_data_dir / "b.zip", Z, Y, x, VA, drop=("file_parameters.json",))
    with pytest.raises(DataError, match=r"no file_parameters.json of systemtype IOSystem"):
        read_icio(path)


def test_exiobase_non_numeric_cell(empty_data_dir):
    Z, Y, x, VA = make_exio(6)
    Zdf = pd.DataFrame(Z, index=IDX, columns=IDX).astype(object)
    Zdf.iloc[4, 2] = "x"
    path = write_exio(empty_data_dir / "c.zip", Z, Y, x, VA, replace={"Z.txt": _tsv(Zdf)})
    with pytest.raises(DataError) as exc:
        read_icio(path)
    msg = _msg(exc)
    assert "IOT_2019_ixi/Z.txt" in msg and "'DE_Mining of coal and lignite'" in msg
    assert "'AT_Manufacture of motor vehicles'" in msg and "'x'" in msg


def test_exiobase_mismatched_dimensions(empty_data_dir):
    Z, Y, x, VA = make_exio(7)
    Ydf = pd.DataFrame(Y, index=IDX, columns=YCOLS).iloc[:-1]
    path = write_exio(empty_data_dir / "d.zip", Z, Y, x, VA, replace={"Y.txt": _tsv(Ydf)})
    with pytest.raises(
        DataError, match=r"Y.txt.*8 rows that are not those of IOT_2019_ixi/Z.txt \(9 rows\)"
    ):
        read_icio(path)
    x2 = x.copy()
    x2[5] *= 1.1
    path = write_exio(empty_data_dir / "e.zip", Z, Y, x2, VA)
    with pytest.raises(DataError, match=r"x.txt.*sector DE_Manufacture of motor vehicles"):
        read_icio(path)


def test_gvc_icio_exiobase3_with_eu_group(tmp_path, monkeypatch):
    """``gvc.icio("exiobase3", year)`` reads data/raw/exiobase3/IOT_<year>_ixi.zip; regions are
    ISO3, so built-in groups such as EU27 find Austria and Germany."""
    import gvc
    from gvc.sources.registry import SOURCES

    src = SOURCES["exiobase3"]
    assert not src.pinned and src.on_demand and all(f.sha256 is None for f in src.files)
    assert SOURCES["exiobase3"].files[0].url.startswith("https://zenodo.org/records/5589597/")
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    raw = tmp_path / "raw" / "exiobase3"
    raw.mkdir(parents=True)
    Z, Y, x, VA = make_exio(8)
    write_exio(raw / "IOT_2019_ixi.zip", Z, Y, x, VA)
    with pytest.warns(UserWarning, match="EU27.*are not separate countries"):
        io = gvc.icio("exiobase3", 2019, groups=["EU27"])
    assert io.groups["EU27"] == ("AUT", "DEU")
    assert (tmp_path / "processed" / "icio" / "CHECKSUMS.json").is_file()
    df = decompose(io, "bm", "country", exporters=["EU27"])
    assert set(df.exporter) == {"EU27"}
    write_exio(raw / "IOT_2019_pxp.zip", Z * 2, Y * 2, x * 2, VA * 2, kind="pxp")
    pxp = gvc.icio("exiobase3-pxp", 2019)
    np.testing.assert_allclose(pxp.x, 2 * x, rtol=1e-12)
    assert pxp.meta["path"].endswith("IOT_2019_pxp.zip")


def test_exiobase_extracted_folder(tmp_path):
    Z, Y, x, VA = make_exio(9)
    zpath = write_exio(tmp_path / "IOT_2019_ixi.zip", Z, Y, x, VA)
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped"
    assert detect(folder) == "exiobase3"
    io = read_icio(folder)
    np.testing.assert_allclose(io.Z, plain(Z, Y).Z, rtol=1e-10)
    assert io.meta["year"] == 2019
    (folder / "IOT_2019_ixi" / "Y.txt").unlink()
    with pytest.raises(DataError, match=r"IOT_2019_ixi/Y.txt is missing"):
        read_icio(folder)


@pytest.mark.parametrize(
    "code,unit",
    [("M.EUR", "millions of current EUR"), ("M.USD", "millions of current USD"),
     ("Mill USD", "millions of current USD")],
)  # fmt: skip
def test_exiobase_unit_kept_in_meta_and_output(tmp_path, code, unit):
    """EXIOBASE 3 in M.EUR and in M.USD (issue 25): the unit of unit.txt is io.meta["unit"]
    and the output's unit column; the values are read the same."""
    Z, Y, x, VA = make_exio(4)
    text = _tsv(pd.DataFrame({"unit": [code] * len(IDX)}, index=IDX))
    path = write_exio(tmp_path / "IOT_2019_ixi.zip", Z, Y, x, VA, replace={"unit.txt": text})
    io = read_icio(path)
    assert io.meta["unit"] == unit
    assert set(decompose(io, "bm", "country").unit) == {unit}
    np.testing.assert_allclose(io.Z, plain(Z, Y).Z, rtol=1e-10)


def test_exiobase_mixed_or_physical_units_refused(tmp_path):
    Z, Y, x, VA = make_exio(5)
    units = ["M.EUR"] * (len(IDX) - 1) + ["M.USD"]
    text = _tsv(pd.DataFrame({"unit": units}, index=IDX))
    path = write_exio(tmp_path / "IOT_2019_ixi.zip", Z, Y, x, VA, replace={"unit.txt": text})
    with pytest.raises(DataError, match=r"units \['M.EUR', 'M.USD'\]; one monetary unit"):
        read_icio(path)
