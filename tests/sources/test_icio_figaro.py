"""FIGARO (Eurostat matrix CSV, industry by industry): a 3-country x 3-industry table written by
the test in the published layout (``rowLabels``, ``CC_IND`` sectors with NACE codes that contain
underscores, ``CC_P3_S13``..``CC_P5M`` final demand, six ``W2_`` primary-input rows, no totals),
read with ``gvc.read_icio`` and compared with the same table as plain arrays."""

from __future__ import annotations

import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest

from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio

COUNTRIES = ["AR", "DE", "FIGW1"]
INDUSTRIES = ["A01", "C31_32", "J59_60"]
FD = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"]
W2 = ["W2_D21X31", "W2_OP_RES", "W2_OP_NRES", "W2_D1", "W2_D29X39", "W2_B2A3G"]
SECT = [f"{c}_{i}" for c in COUNTRIES for i in INDUSTRIES]
FDCOLS = [f"{c}_{k}" for c in COUNTRIES for k in FD]


def make_figaro(seed=0) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = len(SECT)
    Z = rng.uniform(0.0, 30.0, (n, n))
    Y = rng.uniform(0.0, 40.0, (n, len(FDCOLS)))
    Y[:, 4::5] -= 8.0  # P5M: changes in inventories and valuables
    x = Z.sum(axis=1) + Y.sum(axis=1)
    v = x - Z.sum(axis=0)
    P = np.zeros((len(W2), n + len(FDCOLS)))
    P[[0, 3, 4, 5], :n] = rng.dirichlet(np.ones(4), n).T * v
    P[1, n + 1 :: 5] = rng.uniform(1.0, 3.0, 3)  # purchases abroad sit in household columns
    P[2, n + 1 :: 5] = -P[1, n + 1 :: 5]
    df = pd.DataFrame(np.vstack([np.hstack([Z, Y]), P]), index=SECT + W2, columns=SECT + FDCOLS)
    df.index.name = "rowLabels"
    return df, Z, Y


def write_csv(path, df) -> None:
    path.write_text(df.to_csv(float_format="%.17g"))


def plain(Z, Y) -> ICIO:
    F = np.stack([Y[:, 5 * r : 5 * r + 5].sum(axis=1) for r in range(3)], axis=1)
    return ICIO(Z, F, ["ARG", "DEU", "ROW"], INDUSTRIES)


def wide(df):
    keys = ["exporter", "importer", "industry", "term"]
    return df.astype(dict.fromkeys(keys, str)).pivot_table(
        index=keys[:3], columns="term", values="value"
    )


@pytest.mark.parametrize("zipped", [False, True])
def test_figaro_equals_plain_arrays(tmp_path, zipped):
    df, Z, Y = make_figaro(1)
    path = tmp_path / "matrix_eu-ic-io_ind-by-ind_24ed_2021.csv"
    write_csv(path, df)
    if zipped:
        zpath = tmp_path / "figaro.zip"
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(path, path.name)
        path = zpath
    assert detect(path) == "figaro"
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        io = read_icio(path)
    assert not [w for w in rec if "differs" in str(w.message)]  # W2 rows close the columns
    assert io.countries == ("ARG", "DEU", "ROW")
    assert io.industries == tuple(INDUSTRIES)
    assert io.meta["year"] == 2021 and io.meta["unit"] == "millions of current EUR"
    np.testing.assert_allclose(io.x, Z.sum(axis=1) + Y.sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(io.Z.sum(axis=1) + io.Y.sum(axis=1), io.x, rtol=1e-12)
    ref = plain(Z, Y)
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-12)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-12)
    for level in ("country", "bilateral_sector"):
        got, exp = wide(decompose(io, "bm", level)), wide(decompose(ref, "bm", level))
        pd.testing.assert_frame_equal(got, exp, rtol=1e-10, atol=1e-9)


def test_figaro_value_added_warning(tmp_path):
    df, _, _ = make_figaro(2)
    df.loc["W2_D1", "DE_C31_32"] += 50.0
    write_csv(tmp_path / "f.csv", df)
    with pytest.warns(UserWarning, match=r"f.csv: 1 sectors.*first DE_C31_32"):
        read_icio(tmp_path / "f.csv")


# ------------------------------------------------------------------------------ damaged files


def _msg(exc) -> str:
    assert "\n" not in str(exc.value)
    return str(exc.value)


def test_figaro_truncated(empty_data_dir):
    df, _, _ = make_figaro(3)
    path = empty_data_dir / "t.csv"
    write_csv(path, df)
    text = path.read_text()
    path.write_text(text[: int(len(text) * 0.6)])
    with pytest.raises(DataError, match="t.csv.*truncated") as exc:
        read_icio(path)
    _msg(exc)


def test_figaro_missing_primary_or_label(empty_data_dir):
    df, _, _ = make_figaro(4)
    write_csv(empty_data_dir / "a.csv", df.rename(index={"DE_A01": "DE-A01"}))
    with pytest.raises(DataError, match=r"FIGARO.*row label 'DE-A01' \(row 5\)") as exc:
        read_icio(empty_data_dir / "a.csv")
    _msg(exc)
    write_csv(empty_data_dir / "b.csv", df.rename(columns={"AR_P51G": "AR_P52"}))
    with pytest.raises(DataError, match=r"column label 'AR_P52'"):
        read_icio(empty_data_dir / "b.csv")


def test_figaro_non_numeric_cell(empty_data_dir):
    df, _, _ = make_figaro(5)
    df = df.astype(object)
    df.loc["FIGW1_C31_32", "AR_J59_60"] = ":"
    write_csv(empty_data_dir / "c.csv", df)
    with pytest.raises(DataError) as exc:
        read_icio(empty_data_dir / "c.csv")
    assert "cell at row 'FIGW1_C31_32', column 'AR_J59_60' is ':'" in _msg(exc)


def test_figaro_mismatched_dimensions(empty_data_dir):
    df, _, _ = make_figaro(6)
    write_csv(empty_data_dir / "d.csv", df.drop(columns="DE_J59_60"))
    with pytest.raises(DataError, match=r"row sector 'DE_J59_60' has no column") as exc:
        read_icio(empty_data_dir / "d.csv")
    _msg(exc)
    write_csv(empty_data_dir / "e.csv", df.drop(index="DE_C31_32"))
    with pytest.raises(DataError, match=r"row 'DE_J59_60' breaks the countries x industries"):
        read_icio(empty_data_dir / "e.csv")


def test_gvc_icio_figaro(tmp_path, monkeypatch):
    import gvc
    from gvc.sources.registry import SOURCES

    assert not SOURCES["figaro"].pinned and SOURCES["figaro"].on_demand
    assert "eurostat" in SOURCES["figaro"].how_to_get
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    raw = tmp_path / "raw" / "figaro"
    raw.mkdir(parents=True)
    df, Z, Y = make_figaro(7)
    write_csv(raw / "matrix_eu-ic-io_ind-by-ind_24ed_2020.csv", df)
    io = gvc.icio("figaro", 2020)
    assert io.meta["source"] == "figaro" and io.meta["year"] == 2020
    np.testing.assert_allclose(io.Z, Z, rtol=1e-12)
