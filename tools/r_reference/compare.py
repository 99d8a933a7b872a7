"""Compare gvc with the R outputs written by run_reference.R (a local measurement tool).

Usage: PYTHONPATH=. GVC_MIRROR=... python tools/r_reference/compare.py <R out dir> [tag]
Prints, per method, level and term, the max absolute difference and the max relative
difference (|gvc - R| / max(|R|, 1e-9 * scale)) over all rows. tag: leather | wiod2011 | both.
gvc runs on the user route (gvc.read_icio(z=, final=, x=), rebalance="none", decompr's
convention) for WIOD, and on gvc.ICIO(Z, F) (output = row sums, as decompr) for leather.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import gvc
from gvc.io import ICIO, decompose

# (R file stem, gvc method, gvc level, gvc options, R key columns -> gvc key columns)
EXP = {"Exporting_Country": "exporter"}
EXP_IND = {**EXP, "Exporting_Industry": "industry"}
BIL = {**EXP_IND, "Importing_Country": "importer"}
CASES = [
    ("decompr_kww_country", "kww", "country", {}, {"Country": "exporter"}),
    ("decompr_wwz_bilateral_sector", "wwz", "bilateral_sector", {}, BIL),
    ("decompr_bm_country_source", "bm", "country", {}, EXP),
    ("decompr_bm_sector_source", "bm", "sector", {}, EXP_IND),
    ("decompr_bm_bilateral_source", "bm", "bilateral_sector", {}, BIL),
    ("decompr_bm_sector_sink", "bm", "sector", {"approach": "sink"}, EXP_IND),
    ("decompr_bm_bilateral_sink", "bm", "bilateral_sector", {"approach": "sink"}, BIL),
    ("decompr_bm_world_source", "bm", "country", {"perspective": "world"}, EXP),
    (
        "decompr_bm_world_sink",
        "bm",
        "country",
        {"perspective": "world", "approach": "sink"},
        EXP,
    ),  # fmt: skip
    (
        "decompr_bm_imports_country",
        "bm",
        "country",
        {"perspective": "importer"},
        {"Importing_Country": "importer"},
    ),  # fmt: skip
    (
        "gvcanalyzer_bmt_trade_bilateral",
        "bmt_trade",
        "bilateral",
        {},
        {"exporter": "exporter", "importer": "importer"},
    ),  # fmt: skip
    ("gvcanalyzer_bmt_output_country", "bmt_output", "country", {}, {"country": "exporter"}),
]
RENAME = {  # gvcAnalyzer's column names -> gvc's term names
    "gvcanalyzer_bmt_trade_bilateral": {"E_sr": "E", "DAVAX_sr": "DAVAX", "GVC_sr": "GVC"},
    "gvcanalyzer_bmt_output_country": {"X_total": "X"},
}


def leather_icio() -> ICIO:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "io"))
    from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z

    return ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES)


def wiod_user_icio(mirror: Path) -> ICIO:
    """The mirror's WIOD 2011 table written as Z.csv/F.csv/x.csv and read on the user route."""
    from gvc.sources.wiod2013 import read_wiot

    w = read_wiot(mirror / "wiod2013" / "wiot_2011.RData")
    d = Path(tempfile.mkdtemp(prefix="rcheck-wiod"))
    labels = [f"{c}_{i}" for c in w.countries for i in w.industries]
    pd.DataFrame(w.Z, index=labels, columns=labels).to_csv(d / "Z.csv", float_format="%.17g")
    pd.DataFrame(w.F_by_country, index=labels, columns=list(w.countries)).to_csv(
        d / "F.csv", float_format="%.17g"
    )
    pd.DataFrame({"x": w.x}, index=labels).to_csv(d / "x.csv", float_format="%.17g")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gvc.read_icio(z=d / "Z.csv", final=d / "F.csv", x=d / "x.csv", rebalance="none")


def gvc_wide(io: ICIO, method, level, opts, keys) -> pd.DataFrame:
    df = decompose(io, method, level, wide=True, **opts)
    df = df.drop(columns=[c for c in ("year", "unit", "industry_name", "rebalance") if c in df])
    for c in keys:
        df[c] = df[c].astype(str)
    return df.set_index(keys)


def r_frame(path: Path, stem: str, keymap: dict, io: ICIO, r_countries: list[str]):
    r = pd.read_csv(path, keep_default_na=False).rename(columns=RENAME.get(stem, {}))
    cmap = dict(
        zip(r_countries, io.countries, strict=True)
    )  # R spells RoW/ROM as published; by position
    for rc, gc in keymap.items():
        r[rc] = r[rc].astype(str)
        if gc in ("exporter", "importer"):
            r[rc] = r[rc].map(cmap)
    r = r.rename(columns=keymap)
    if "importer" in r and "exporter" in r:
        r = r[r.importer != r.exporter]  # decompr's wwz keeps the zero own-country rows
    return r.set_index(list(keymap.values()))


def compare(io: ICIO, outdir: Path, tag: str, r_countries: list[str]) -> pd.DataFrame:
    rows = []
    for stem, method, level, opts, keymap in CASES:
        path = outdir / f"{tag}_{stem}.csv"
        if not path.exists():
            continue
        r = r_frame(path, stem, keymap, io, r_countries)
        g = gvc_wide(io, method, level, opts, list(keymap.values())).reindex(r.index)
        for term in [t for t in r.columns if t in g.columns]:
            rv, gv = r[term].to_numpy(float), g[term].to_numpy(float)
            scale = np.nanmax(np.abs(rv)) or 1.0
            diff = np.abs(gv - rv)
            rel = diff / np.maximum(np.abs(rv), 1e-9 * scale)
            i = int(np.nanargmax(rel))
            rows.append(dict(tag=tag, file=stem, term=term, n=len(rv),
                             max_abs=np.nanmax(diff), max_rel=rel[i],
                             at=str(r.index[i]), missing=int(np.isnan(gv).sum())))  # fmt: skip
    return pd.DataFrame(rows)


def main() -> None:
    outdir = Path(sys.argv[1])
    tag = sys.argv[2] if len(sys.argv) > 2 else "both"
    frames = []
    if tag in ("leather", "both"):
        frames.append(compare(leather_icio(), outdir, "leather", ["ARG", "TUR", "DEU"]))
    if tag in ("wiod2011", "both"):
        io = wiod_user_icio(Path(os.environ["GVC_MIRROR"]))
        r_countries = pd.read_csv(outdir / "wiod2011_decompr_kww_country.csv")["Country"]
        frames.append(compare(io, outdir, "wiod2011", list(r_countries)))
    res = pd.concat(frames, ignore_index=True)
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(res.to_string(index=False, float_format=lambda v: f"{v:.2e}"))


if __name__ == "__main__":
    main()
