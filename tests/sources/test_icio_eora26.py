"""Eora26: a 3-country x 3-sector table plus the one-sector ROW (statistical discrepancy), written
by the test in Eora's zip layout (headerless tab-separated T, FD, VA and label files), read with
``gvc.read_icio`` and compared with the same table built by hand as plain arrays."""

from __future__ import annotations

import re
import zipfile

import numpy as np
import pandas as pd
import pytest

from gvc.errors import DataError
from gvc.io import ICIO, decompose
from gvc.sources.icio_files import detect
from gvc.tables_io import read_icio

COUNTRIES = [("Australia", "AUS"), ("Sudan", "SUD"), ("USA", "USA")]
SECTORS = ["Agriculture", "Fishing", "Electrical and Machinery"]
FD_CATS = [
    "Household final consumption P.3h",
    "Non-profit institutions serving households P.3n",
    "Government final consumption P.3g",
    "Gross fixed capital formation P.51",
    "Changes in inventories P.52",
    "Acquisitions less disposals of valuables P.53",
]
VA_ROWS = [
    "Compensation of employees D.1",
    "Taxes on production D.29",
    "Subsidies on production D.39",
    "Net operating surplus B.2n",
    "Net mixed income B.3n",
    "Consumption of fixed capital K.1",
]


def make_eora(seed: int = 0):
    """T (10 x 10: 9 sectors + ROW), FD (10 x 24: 4 destinations incl. ROW x 6), VA (6 x 10)."""
    rng = np.random.default_rng(seed)
    n, nT = 9, 10
    T = rng.uniform(0.0, 40.0, (nT, nT))
    T[n, :] = rng.uniform(0.0, 2.0, nT)  # ROW row: small inputs from the discrepancy
    T[:, n] = rng.uniform(0.0, 2.0, nT)
    T[n, n] = 0.0
    T[2, 4] = -1.5  # Eora has a few negative cells; kept
    FD = rng.uniform(0.0, 60.0, (nT, 4 * 6))
    FD[:, 4::6] -= 20.0  # changes in inventories, some negative
    FD[:, 18:] *= 0.05  # ROW final demand: small
    x = T.sum(axis=1) + FD.sum(axis=1)
    v = x - T.sum(axis=0)
    shares = rng.dirichlet(np.ones(6), nT).T  # (6, nT)
    VA = shares * v
    VA[2] = -np.abs(VA[2]) * 0.1  # subsidies are negative
    VA[0] += v - VA.sum(axis=0)  # rows still sum to v
    return T, FD, VA


def labels_t() -> str:
    lines = [f"{nm}\t{c}\tIndustries\t{s}\t" for nm, c in COUNTRIES for s in SECTORS]
    lines.append("Rest of the World\tROW\tIndustries\tTOTAL\t")
    return "\n".join(lines) + "\n"


def labels_fd() -> str:
    ents = COUNTRIES + [("Rest of the World", "ROW")]
    return "\n".join(f"{nm}\t{c}\tFinal Demand\t{k}\t" for nm, c in ents for k in FD_CATS) + "\n"


def labels_va() -> str:
    return "\n".join(f"Primary input\t{r}\t" for r in VA_ROWS) + "\n"


def block(a: np.ndarray) -> str:
    return "\n".join("\t".join(f"{v:.17g}" for v in row) for row in a) + "\n"


def write_eora(path, T, FD, VA, year=2015, drop=(), replace=None, extra=None):
    files = {
        f"Eora26_{year}_bp_T.txt": block(T),
        f"Eora26_{year}_bp_FD.txt": block(FD),
        f"Eora26_{year}_bp_VA.txt": block(VA),
        "labels_T.txt": labels_t(),
        "labels_FD.txt": labels_fd(),
        "labels_VA.txt": labels_va(),
    }
    files.update(replace or {})
    files.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            if name not in drop:
                zf.writestr(name, text)
    return path


def plain(T, FD) -> ICIO:
    """By hand: ROW column and ROW final demand go to the seller's own final demand."""
    n = 9
    F = np.zeros((n, 3))
    for c in range(3):
        F[:, c] = FD[:n, 6 * c : 6 * c + 6].sum(axis=1)
    for i in range(n):
        F[i, i // 3] += T[i, n] + FD[i, 18:].sum()
    return ICIO(T[:n, :n], F, ["AUS", "SDN", "USA"], ["E01", "E02", "E03"])


def wide(df):
    keys = ["exporter", "importer", "industry", "term"]
    return df.astype(dict.fromkeys(keys, str)).pivot_table(
        index=keys[:3], columns="term", values="value"
    )


def test_eora_equals_plain_arrays_and_keeps_row_flows(tmp_path):
    T, FD, VA = make_eora(1)
    path = write_eora(tmp_path / "any_name.zip", T, FD, VA)
    assert detect(path) == "eora26"
    io = read_icio(path)
    assert io.countries == ("AUS", "SDN", "USA")  # Eora's SUD is ISO3 SDN
    assert io.industries == ("E01", "E02", "E03")
    assert io.meta["industry_names"]["E03"] == "Electrical and Machinery"
    assert io.meta["year"] == 2015 and io.meta["unit"] == "thousands of current USD"
    # x as published (row sums including sales to ROW), and the accounting identity
    np.testing.assert_allclose(io.x, T[:9].sum(axis=1) + FD[:9].sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(io.Z.sum(axis=1) + io.Y.sum(axis=1), io.x, rtol=1e-12)
    assert io.Z[2, 4] == -1.5  # negative cell kept
    ref = plain(T, FD)
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-12)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-12)
    for level in ("country", "bilateral_sector"):
        got, exp = wide(decompose(io, "bm", level)), wide(decompose(ref, "bm", level))
        pd.testing.assert_frame_equal(got, exp, rtol=1e-10, atol=1e-9)


def test_eora_labels_from_indices_zip_beside_it(tmp_path):
    T, FD, VA = make_eora(2)
    path = write_eora(tmp_path / "Eora26_2015_bp.zip", T, FD, VA, drop=("labels_T.txt",
                      "labels_FD.txt", "labels_VA.txt"))  # fmt: skip
    with zipfile.ZipFile(tmp_path / "indices.zip", "w") as zf:
        zf.writestr("labels_T.txt", labels_t())
        zf.writestr("labels_FD.txt", labels_fd())
        zf.writestr("labels_VA.txt", labels_va())
    io = read_icio(path)
    np.testing.assert_allclose(io.Z, plain(T, FD).Z, rtol=1e-12)


def test_pymrio_parse_eora26_drops_row(tmp_path):
    """Pins why gvc parses Eora26 itself: pymrio 0.7.0 drops the ROW row and columns, so its
    Z 1 + Y 1 falls short of the published output by the ROW flows."""
    import pymrio

    T, FD, VA = make_eora(3)
    sat = {
        "Eora26_2015_bp_Q.txt": block(np.ones((1, 10))),
        "Eora26_2015_bp_QY.txt": block(np.ones((1, 24))),
        "labels_Q.txt": "CO2 (Gg)\tTotal\t\n",
    }
    path = write_eora(tmp_path / "Eora26_2015_bp.zip", T, FD, VA, extra=sat)
    mr = pymrio.parse_eora26(path)
    assert "ROW" not in set(mr.get_regions())
    assert mr.Z.shape == (9, 9) and mr.Y.shape == (9, 18)
    short = T[:9].sum(axis=1) + FD[:9].sum(axis=1) - (mr.Z.sum(axis=1) + mr.Y.sum(axis=1)).values
    np.testing.assert_allclose(short, T[:9, 9] + FD[:9, 18:].sum(axis=1), rtol=1e-9)
    assert (short > 0).all()
    io = read_icio(path)  # gvc keeps them
    np.testing.assert_allclose(io.x, T[:9].sum(axis=1) + FD[:9].sum(axis=1), rtol=1e-12)


# ------------------------------------------------------------------------------ damaged files
def _nothing_written(tmp_path):
    processed = tmp_path / "data" / "processed"
    assert not processed.exists() or not any(processed.rglob("*"))


def _one_line(exc):
    assert "\n" not in str(exc.value)
    return str(exc.value)


def test_eora_truncated_zip(empty_data_dir):
    T, FD, VA = make_eora(4)
    good = write_eora(empty_data_dir / "Eora26_2015_bp.zip", T, FD, VA)
    data = good.read_bytes()
    cut = empty_data_dir / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError) as exc:
        read_icio(cut)
    assert "cut.zip" in _one_line(exc)
    _nothing_written(empty_data_dir)


def test_eora_missing_label_file(empty_data_dir):
    T, FD, VA = make_eora(5)
    path = write_eora(empty_data_dir / "Eora26_2015_bp.zip", T, FD, VA, drop=("labels_FD.txt",))
    with pytest.raises(DataError, match=r"Eora26.*label file labels_FD.txt is missing") as exc:
        read_icio(path)
    assert str(path) in _one_line(exc)
    _nothing_written(empty_data_dir)


def test_eora_non_numeric_cell(empty_data_dir):
    T, FD, VA = make_eora(6)
    text = block(T).splitlines()
    cells = text[3].split("\t")
    cells[1] = "n/a"
    text[3] = "\t".join(cells)
    path = write_eora(empty_data_dir / "e.zip", T, FD, VA,
                      replace={"Eora26_2015_bp_T.txt": "\n".join(text) + "\n"})  # fmt: skip
    with pytest.raises(DataError) as exc:
        read_icio(path)
    msg = _one_line(exc)
    assert "Eora26_2015_bp_T.txt" in msg and "'SUD_Agriculture'" in msg and "'n/a'" in msg
    assert "'AUS_Fishing'" in msg
    _nothing_written(empty_data_dir)


def test_eora_mismatched_dimensions(empty_data_dir):
    T, FD, VA = make_eora(7)
    path = write_eora(empty_data_dir / "e.zip", T, FD[:, :-1], VA)
    with pytest.raises(DataError, match=r"_FD.txt.*10 rows x 23 columns.*10 x 24") as exc:
        read_icio(path)
    _one_line(exc)
    bad = labels_t().replace("USA\tIndustries\tFishing", "USA\tIndustries\tMining")
    path = write_eora(empty_data_dir / "f.zip", T, FD, VA, replace={"labels_T.txt": bad})
    with pytest.raises(DataError, match=r"labels_T.txt.*line 8 \(USA_Mining\) breaks"):
        read_icio(path)
    _nothing_written(empty_data_dir)


def test_gvc_icio_eora26_from_data_raw(tmp_path, monkeypatch):
    """``gvc.icio("eora26", year)`` finds the registry's file name under data/raw/eora26/,
    records its checksum only once it has parsed; a damaged copy leaves data/processed empty."""
    import gvc

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GVC_MIRROR", raising=False)
    raw = tmp_path / "raw" / "eora26"
    raw.mkdir(parents=True)
    T, FD, VA = make_eora(8)
    good = write_eora(raw / "Eora26_2012_bp.zip", T, FD, VA, year=2012)
    data = good.read_bytes()
    (raw / "Eora26_2013_bp.zip").write_bytes(data[: len(data) // 3])
    with pytest.raises(DataError, match="Eora26_2013_bp.zip"):
        gvc.icio("eora26", 2013)
    assert not (tmp_path / "processed").exists() or not any((tmp_path / "processed").rglob("*"))
    io = gvc.icio("eora26", 2012)
    assert io.meta["source"] == "eora26" and io.meta["year"] == 2012
    assert (tmp_path / "processed" / "icio" / "CHECKSUMS.json").is_file()
    np.testing.assert_allclose(io.Z, plain(T, FD).Z, rtol=1e-12)
    assert gvc.icio("eora26", 2012, eora_row="region").countries[-1] == "ROW"


def test_eora_unbalanced_column_warns_and_unknown_zip_is_named(tmp_path):
    T, FD, VA = make_eora(9)
    VA[0, 5] += 40.0  # column 5: SUD_Electrical and Machinery
    path = write_eora(tmp_path / "u.zip", T, FD, VA)
    with pytest.warns(UserWarning, match=r"u.zip: 1 sectors.*first SUD_Electrical and Machinery"):
        read_icio(path)
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(DataError, match=r"first member 'readme.txt'.*expected.*Eora26 zip"):
        read_icio(tmp_path / "other.zip")


def test_eora_extracted_folder(tmp_path):
    T, FD, VA = make_eora(10)
    zpath = write_eora(tmp_path / "Eora26_2015_bp.zip", T, FD, VA)
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(tmp_path / "Eora26_2015_bp")
    folder = tmp_path / "Eora26_2015_bp"
    assert detect(folder) == "eora26"
    io = read_icio(folder)
    np.testing.assert_allclose(io.Y, plain(T, FD).Y, rtol=1e-12)
    (folder / "labels_VA.txt").unlink()
    with pytest.raises(DataError, match=r"label file labels_VA.txt is missing"):
        read_icio(folder)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    with pytest.raises(DataError, match=r"a folder of none of the known layouts.*'notes.txt'"):
        read_icio(tmp_path / "other")


def test_eora_row_shares_reported_in_meta(tmp_path):
    """The ROW shares a user needs to judge the folding are computed by hand from the arrays."""
    T, FD, VA = make_eora(1)
    io = read_icio(write_eora(tmp_path / "e.zip", T, FD, VA))
    n = 9
    x = T[:n].sum(axis=1) + FD[:n].sum(axis=1)
    inputs = T[:n, :n].sum(axis=0) + T[n:, :n].sum(axis=0) + VA[:, :n].sum(axis=0)
    sales = T[:n, n] + FD[:n, 18:].sum(axis=1)
    for c, iso in enumerate(("AUS", "SDN", "USA")):
        s = slice(3 * c, 3 * c + 3)
        assert io.meta["row_input_share"][iso] == pytest.approx(
            T[n, s].sum() / inputs[s].sum(), abs=1e-6
        )
        assert io.meta["row_sales_share"][iso] == pytest.approx(
            sales[s].sum() / x[s].sum(), abs=1e-6
        )
    assert "lowers foreign content" in io.meta["row_treatment"]


def test_eora_row_as_a_partner_region_equals_the_padded_table_by_hand(tmp_path):
    """eora_row="region": ROW is a partner with one active sector; the table equals one built
    by hand from the published blocks, balances, and its BM terms add up (DC + FC = GEXP)."""
    T, FD, VA = make_eora(2)
    path = write_eora(tmp_path / "e.zip", T, FD, VA)
    io = read_icio(path, eora_row="region")
    assert io.countries == ("AUS", "SDN", "USA", "ROW")
    n, N = 9, 3
    pos = np.r_[np.arange(n), 3 * N]
    Z = np.zeros((12, 12))
    Z[np.ix_(pos, pos)] = T
    F = np.zeros((12, 4))
    for c in range(4):
        F[pos, c] = FD[:, 6 * c : 6 * c + 6].sum(axis=1)
    ref = ICIO(Z, F, ["AUS", "SDN", "USA", "ROW"], ["E01", "E02", "E03"])
    np.testing.assert_allclose(io.Z, ref.Z, rtol=1e-12)
    np.testing.assert_allclose(io.Y, ref.Y, rtol=1e-12)
    np.testing.assert_allclose(io.Z.sum(axis=1) + io.Y.sum(axis=1), io.x, rtol=1e-12)
    w = wide(decompose(io, "bm", "country")).droplevel(["importer", "industry"])
    np.testing.assert_allclose(w["DC"] + w["FC"], w["GEXP"], rtol=1e-10)
    # against folding: sales to ROW are now exports and ROW inputs foreign content
    fold = wide(decompose(read_icio(path), "bm", "country")).droplevel(["importer", "industry"])
    for c in ("AUS", "SDN", "USA"):
        assert w.loc[c, "GEXP"] > fold.loc[c, "GEXP"] and w.loc[c, "FC"] > fold.loc[c, "FC"]
    with pytest.raises(ValueError, match="eora_row"):
        read_icio(path, eora_row="drop")


def test_cli_file_takes_an_extracted_folder_and_help_names_every_format(tmp_path):
    """``gvc io decompose --file`` accepts the extracted folder ``gvc.read_icio`` reads (click
    used to refuse any directory), gives the library's numbers, and its help names every format
    of the detection registry."""
    from click.testing import CliRunner

    from gvc.cli import main
    from gvc.sources.icio_files import REGISTRY

    T, FD, VA = make_eora(10)
    zpath = write_eora(tmp_path / "Eora26_2015_bp.zip", T, FD, VA)
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(tmp_path / "Eora26_2015_bp")
    folder = tmp_path / "Eora26_2015_bp"
    res = CliRunner().invoke(main, ["io", "decompose", "--file", str(folder), "--method", "kww"])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(__import__("io").StringIO(res.stdout))
    want = decompose(read_icio(folder), "kww", "country")
    np.testing.assert_allclose(got["value"], want["value"].to_numpy(), rtol=1e-9)
    (tmp_path / "other").mkdir()
    res = CliRunner().invoke(main, ["io", "decompose", "--file", str(tmp_path / "other")])
    assert res.exit_code == 2 and "none of the known layouts" in res.output
    helptext = " ".join(CliRunner().invoke(main, ["io", "decompose", "--help"]).output.split())
    file_help = re.search(r"--file [A-Z]+ (.*?) --groups", helptext).group(1)
    for fmt in REGISTRY:
        assert fmt.title in file_help, fmt.title
