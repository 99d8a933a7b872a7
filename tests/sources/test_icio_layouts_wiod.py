"""Real-size check of the Eora26, EXIOBASE 3 and FIGARO readers: the real WIOD 2013 table for 2011
(mirror; 41 countries x 35 industries) written by the test in each publisher's layout, read with
``gvc.read_icio`` and decomposed; country-level Borin-Mancini results must equal those of the
same arrays given directly. (No real Eora, EXIOBASE or FIGARO file is in the mirror.)"""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pandas as pd
import pytest

from gvc.io import ICIO, decompose
from gvc.tables_io import read_icio


@pytest.fixture(scope="module")
def wiod(mirror):
    from gvc.sources import wiod2013

    w = wiod2013.read_wiot(mirror / "wiod2013" / "wiot_2011.RData")
    Z, F, x = w.Z, w.F_by_country.copy(), w.x
    n, N = Z.shape[0], len(w.industries)
    own = np.repeat(np.arange(len(w.countries)), N)
    F[np.arange(n), own] += x - Z.sum(axis=1) - F.sum(axis=1)  # rounding residue: own demand
    return list(w.countries), list(w.industries), Z, F, x


def _eora(path, C, Ind, Z, F, x):
    n, G = Z.shape[0], len(C)
    T = np.zeros((n + 1, n + 1))
    T[:n, :n] = Z
    FD = np.zeros((n + 1, G + 1))
    FD[:n, :G] = F
    VA = np.append(x - Z.sum(axis=0), 0.0)[None, :]
    block = lambda a: pd.DataFrame(a).to_csv(sep="\t", header=False, index=False)  # noqa: E731
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Eora26_2011_bp_T.txt", block(T))
        zf.writestr("Eora26_2011_bp_FD.txt", block(FD))
        zf.writestr("Eora26_2011_bp_VA.txt", block(VA))
        zf.writestr("labels_T.txt", "".join(f"{c}\t{c}\tIndustries\t{i}\t\n" for c in C
                                            for i in Ind) + "ROW\tROW\tIndustries\tTOTAL\t\n")  # fmt: skip
        zf.writestr(
            "labels_FD.txt", "".join(f"{c}\t{c}\tFinal Demand\tall\t\n" for c in C + ["ROW"])
        )
        zf.writestr("labels_VA.txt", "Primary input\tValue added\t\n")


def _iso2(C):
    import country_converter as coco

    return ["FIGW1" if c == "RoW" else coco.convert(c, to="ISO2") for c in C]


def _figaro(path, C, Ind, Z, F, x):
    C2 = _iso2(C)
    labs = [f"{c}_{i}" for c in C2 for i in Ind]
    df = pd.DataFrame(np.hstack([Z, F]), index=labs, columns=labs + [f"{c}_P3_S14" for c in C2])
    df.loc["W2_B2A3G"] = np.concatenate([x - Z.sum(axis=0), np.zeros(len(C))])
    df.index.name = "rowLabels"
    df.to_csv(path)


def _exiobase(path, C, Ind, Z, F, x):
    C2 = ["WL" if c == "FIGW1" else c for c in _iso2(C)]
    idx = pd.MultiIndex.from_product([C2, Ind], names=["region", "sector"])
    yc = pd.MultiIndex.from_product([C2, ["Final consumption expenditure by households"]],
                                    names=["region", "category"])  # fmt: skip

    def para(files, kind):
        return json.dumps({"systemtype": kind, "name": "IOT", "files": {
            k: {"name": f"{k}.txt", "nr_index_col": str(a), "nr_header": str(b)}
            for k, (a, b) in files.items()}})  # fmt: skip

    r = "IOT_2011_ixi/"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(r + "Z.txt", pd.DataFrame(Z, index=idx, columns=idx).to_csv(sep="\t"))
        zf.writestr(r + "Y.txt", pd.DataFrame(F, index=idx, columns=yc).to_csv(sep="\t"))
        zf.writestr(r + "x.txt", pd.DataFrame({"indout": x}, index=idx).to_csv(sep="\t"))
        zf.writestr(r + "unit.txt", pd.DataFrame({"unit": "M.EUR"}, index=idx).to_csv(sep="\t"))
        zf.writestr(
            r + "file_parameters.json",
            para({"Z": (2, 2), "Y": (2, 2), "x": (2, 1), "unit": (2, 1)}, "IOSystem"),
        )
        zf.writestr(r + "metadata.json", json.dumps({"description": "", "name": "", "system":
                    "ixi", "version": "", "history": []}))  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt,name,write",
    [
        ("eora26", "Eora26_2011_bp.zip", _eora),
        ("figaro", "matrix_eu-ic-io_ind-by-ind_24ed_2011.csv", _figaro),
        ("exiobase3", "IOT_2011_ixi.zip", _exiobase),
    ],
)
def test_real_wiod_table_in_each_layout(tmp_path, wiod, fmt, name, write):
    C, Ind, Z, F, x = wiod
    write(tmp_path / name, C, Ind, Z, F, x)
    io = read_icio(tmp_path / name, negative_va="ignore")
    assert io.meta["source"] == fmt and io.N == 35 and io.G == 41
    np.testing.assert_allclose(io.x, x, rtol=1e-12, atol=1e-9)
    ref = ICIO(Z, F, C, Ind, x=x, negative_va="ignore")
    back = dict(zip(io.countries, C, strict=True))  # ISO3 / ROW / WL -> WIOD's codes
    got = decompose(io, "bm", "country")
    got["exporter"] = got["exporter"].astype(str).map(back)
    exp = decompose(ref, "bm", "country")
    exp["exporter"] = exp["exporter"].astype(str)
    keys = ["exporter", "term"]
    m = exp.merge(got, on=keys, suffixes=("", "_read"), validate="1:1")
    assert len(m) == len(exp) == len(got)
    np.testing.assert_allclose(m["value_read"], m["value"], rtol=1e-10, atol=1e-6)
