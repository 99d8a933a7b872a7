"""Compact the outputs of run_reference.R into tests/data/r_reference/wiod2011_country.csv.

Usage: python tools/r_reference/make_compact.py <R out dir> <csv path> [<detail csv path>]
Country-level terms for all 41 WIOD 2011 economies, as R computed them (sums of R's own
bilateral/sector values where R reports no country level): columns source, method, options,
exporter, term, value. Countries keep R's order and WIOD's spelling (RoW).
Detail file (optional, e.g. tests/data/r_reference/wiod2011_bm_sink_detail.csv): decompr's
Borin-Mancini sink terms as R reports them, by sector for SINK_SECTOR_EXPORTERS and by sector
and importer for SINK_BILATERAL_EXPORTERS x SINK_BILATERAL_IMPORTERS (the economies where gvc's
model-output sink terms were furthest from decompr's before gvc's rebalance='none' took the
published x): columns source, method, options, level, exporter, industry, importer, term, value.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

# (file stem, source package, gvc method, gvc options as "k=v;k=v", R key of the country)
FILES = [
    ("decompr_kww_country", "decompr", "kww", "", "Country"),
    ("decompr_wwz_bilateral_sector", "decompr", "wwz", "", "Exporting_Country"),
    ("decompr_bm_country_source", "decompr", "bm", "", "Exporting_Country"),
    ("decompr_bm_world_source", "decompr", "bm", "perspective=world", "Exporting_Country"),
    (
        "decompr_bm_world_sink",
        "decompr",
        "bm",
        "perspective=world;approach=sink",
        "Exporting_Country",
    ),  # fmt: skip
    ("decompr_bm_imports_country", "decompr", "bm", "perspective=importer", "Importing_Country"),
    ("gvcanalyzer_bmt_trade_bilateral", "gvcAnalyzer", "bmt_trade", "", "exporter"),
]
RENAME = {"E_sr": "E", "DAVAX_sr": "DAVAX", "GVC_sr": "GVC"}
DROP = {"Exporting_Industry", "Importing_Country", "importer", "texp", "texpint", "texpfd",
        "texpdiff", "texpdiffpercent", "texpfddiff", "texpfddiffpercent", "texpintdiff",
        "texpintdiffpercent", "DViX_Fsr"}  # fmt: skip


SINK_SECTOR_EXPORTERS = ["CZE", "SVK", "ROU", "EST", "KOR"]
SINK_BILATERAL_EXPORTERS = ["KOR", "CZE"]
SINK_BILATERAL_IMPORTERS = ["DEU", "LTU", "USA", "CHN", "RoW"]
SINK_TERMS = ["GEXP", "DC", "DVA", "VAX", "VAXIM", "REF", "DDC", "FC", "FVA", "FDC"]


def sink_detail(out: Path, dest: Path) -> None:
    keys = {"Exporting_Country": "exporter", "Exporting_Industry": "industry",
            "Importing_Country": "importer"}  # fmt: skip
    frames = []
    for level, stem in (("sector", "sector_sink"), ("bilateral_sector", "bilateral_sink")):
        r = pd.read_csv(out / f"wiod2011_decompr_bm_{stem}.csv", keep_default_na=False)
        r = r.rename(columns=keys)
        if level == "sector":
            r = r[r.exporter.isin(SINK_SECTOR_EXPORTERS)].assign(importer="")
        else:
            r = r[r.exporter.isin(SINK_BILATERAL_EXPORTERS)]
            r = r[r.importer.isin(SINK_BILATERAL_IMPORTERS)]
        long = r.melt(id_vars=["exporter", "industry", "importer"],
                      value_vars=[t for t in SINK_TERMS if t in r], var_name="term")  # fmt: skip
        long.insert(0, "level", level)
        long.insert(0, "options", "approach=sink")
        long.insert(0, "method", "bm")
        long.insert(0, "source", "decompr")
        frames.append(long)
    df = pd.concat(frames, ignore_index=True)
    df.to_csv(dest, index=False, float_format="%.17g")
    print(f"{dest}: {len(df)} rows")


def main() -> None:
    out, dest = Path(sys.argv[1]), Path(sys.argv[2])
    if len(sys.argv) > 3:
        sink_detail(out, Path(sys.argv[3]))
    frames = []
    for stem, pkg, method, opts, key in FILES:
        if not (out / f"wiod2011_{stem}.csv").exists():
            print(f"skipped (not run): {stem}")
            continue
        r = pd.read_csv(out / f"wiod2011_{stem}.csv", keep_default_na=False).rename(columns=RENAME)
        order = list(dict.fromkeys(r[key]))
        r = r.drop(columns=[c for c in r if c in DROP and c != key])
        r = r.groupby(key, sort=False).sum(numeric_only=True).reindex(order)
        long = r.reset_index().melt(id_vars=key, var_name="term", value_name="value")
        long = long.rename(columns={key: "exporter"})
        long.insert(0, "options", opts)
        long.insert(0, "method", method)
        long.insert(0, "source", pkg)
        frames.append(long)
    df = pd.concat(frames, ignore_index=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(dest, index=False, float_format="%.17g")
    print(f"{dest}: {len(df)} rows")


if __name__ == "__main__":
    main()
