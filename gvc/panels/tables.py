"""The processed tables: for each, the raw files it reads and the function that builds it.

A builder receives ``{file name: path}`` for its inputs and returns a DataFrame; it does no I/O
other than reading those paths. Writing, validation and the MANIFEST are handled by
:mod:`gvc.panels.build`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gvc import config
from gvc.panels import robots_by_industry as rbi
from gvc.panels.schema_errors import FILE_COL, tag
from gvc.sources import adb, alfs, epoch, ifr, ifr_press, jara, ncses, owid, wb_class, wdi
from gvc.sources.registry import SOURCES, RawFile, raw_file


@dataclass(frozen=True)
class TableSpec:
    name: str
    inputs: Callable[[], list[RawFile]]
    build: Callable[[dict[str, Path]], pd.DataFrame]
    description: str
    optional_user_dir: str | None = None  # licensed user files read when present (data/raw/<dir>)


def _files(source: str, pred=lambda n: True) -> Callable[[], list[RawFile]]:
    return lambda: [f for f in SOURCES[source].files if pred(f.name)]


def _present(source: str, name: str) -> Callable[[], list[RawFile]]:
    """An optional input: listed only when already on disk (never downloaded by a build)."""

    def inputs() -> list[RawFile]:
        from gvc.sources.acquire import candidates

        f = raw_file(source, name)
        return [f] if any(p.is_file() for _, p in candidates(f)) else []

    return inputs


WDI_META = "Metadata_Country_API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv"
"""Country metadata of the newest WDI vintage in the registry (SP.POP.TOTL, updated 2025-04-15):
its income groups are the World Bank classification used for ``developing_wb``."""
WDI_POP = "API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv"
WDI_MANF = "API_NV.IND.MANF.CD_DS2_en_csv_v2_5363423.csv"


def build_countries(paths):
    from gvc.panels.countries import build_countries as _build

    return _build(wdi.read_country_metadata(paths[WDI_META]))


def build_wdi(paths):
    frames = [tag(wdi.read_indicator(p), p) for n, p in sorted(paths.items())]
    return pd.concat(frames, ignore_index=True)


ROBOT_COLUMNS = {
    "source": "string",
    "iso3": "string",
    "industry": "string",
    "year": "int64",
    "is_country": bool,
    "installations": "float64",
    "operational_stock": "float64",
    "density_per_10k": "float64",
    "stock_method": "string",
    "shipments_value_mjpy": "float64",
    "imports_units": "float64",
    "imports_usd": "float64",
    "exports_units": "float64",
    "exports_usd": "float64",
    "source_type": "string",
    "source_url": "string",
    "n_reports": "Int64",
    "note": "string",
}


def _conform(df: pd.DataFrame, columns: dict[str, object]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c, dtype in columns.items():
        if c in df:
            out[c] = df[c].astype(dtype)
        elif dtype == "float64":
            out[c] = np.nan
        else:
            out[c] = pd.Series(pd.NA, index=df.index, dtype=dtype)
    return out


def build_robots(paths):
    parts = [
        ifr_press.read_density(paths["ifr_robot_density.csv"]),
        ifr_press.read_installations_stock(paths["ifr_installations_stock.csv"]),
        owid.read_robots(paths["industrial-robots-annual-installations-total-operational.csv"]),
        jara.read_shipments(paths["by-industry_by-application_1978-2017_labelled_prices.csv"]),
        jara.read_comtrade_robots(paths["comtrade_847950.csv"]),
    ]
    df = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    code = df["iso3"].astype("string")
    df["is_country"] = ~(code.str.startswith("IFR:") | code.isin(["WLD", "EUU", "BEL+LUX"]))
    return _conform(df, ROBOT_COLUMNS | ({FILE_COL: "object"} if FILE_COL in df else {}))


def build_patents(paths):
    pat = owid.read_ai_patents(paths["artificial-intelligence-patents-submitted-per-million.csv"])
    pop = wdi.read_indicator(paths[WDI_POP])[["iso3", "year", "value"]]
    df = pat.merge(pop.rename(columns={"value": "population"}), on=["iso3", "year"], how="left")
    df["applications"] = df["applications_per_million"] * df["population"] / 1e6
    total = df.groupby(["year", "field"])["applications"].transform("sum")
    df["world_share"] = df["applications"] / total
    return df


def build_ai_benchmarks(paths):
    frames = [epoch.read_benchmark(paths[n]) for n in sorted(epoch.BENCHMARKS)]
    df = pd.concat(frames, ignore_index=True)
    # Epoch lists a few model versions twice within a benchmark (re-runs): keep the best score
    # of each model version, as Epoch's own leaderboards do.
    df = df.sort_values(
        ["benchmark", "model", "score"], ascending=[True, True, False], kind="mergesort"
    )
    return df.drop_duplicates(["benchmark", "model"], keep="first")


def build_adb_gvc(paths):
    codes = adb.read_country_codes(paths["countries.xlsx"])
    df = adb.read_gvcp(paths["gvcp.parquet"], codes)
    names = adb.read_sector_names(paths["sectors_dict.csv"])
    df.insert(2, "sector_name", df["sector"].map(names).astype("string"))
    return df


def build_manufacturing_va(paths):
    n = ncses.read_manufacturing_va(paths["10758/data.csv"]).assign(source="ncses_skti2")
    w = wdi.read_indicator(paths[WDI_MANF])
    w = pd.DataFrame(
        {
            "source": "wdi_nv_ind_manf_cd",
            "iso3": w["iso3"],
            "year": w["year"],
            "va_usd_mn": w["value"] / 1e6,
        }
    )
    return pd.concat([n, w], ignore_index=True)[["source", "iso3", "year", "va_usd_mn"]]


ALFS_FILE = "ALFS_SUMTAB_23042021012546383.csv"
INVESTMENT_FILE = "private-investment-in-artificial-intelligence-cset.csv"


def build_alfs(paths):
    return alfs.read_alfs(paths[ALFS_FILE])


def build_ai_investment(paths):
    return owid.read_ai_investment(paths[INVESTMENT_FILE])


def build_income_groups(paths):
    from gvc.panels.income_groups import build_income_groups as _build

    return _build(wb_class.read_history(paths["OGHIST.xlsx"]))


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        TableSpec(
            "countries",
            lambda: [raw_file("wdi", WDI_META)],
            build_countries,
            "Countries, World Bank region and income group, UN M49 region, developing flags",
        ),
        TableSpec(
            "wdi",
            _files("wdi", lambda n: n.startswith("API_")),
            build_wdi,
            "World Development Indicators (long)",
        ),
        TableSpec(
            "robots",
            lambda: [
                raw_file("ifr-press", "ifr_robot_density.csv"),
                raw_file("ifr-press", "ifr_installations_stock.csv"),
                raw_file("owid", "industrial-robots-annual-installations-total-operational.csv"),
                raw_file("jara", "by-industry_by-application_1978-2017_labelled_prices.csv"),
                raw_file("jara", "comtrade_847950.csv"),
            ],
            build_robots,
            "Industrial robots from IFR press releases, OWID/AI Index, JARA shipments, Comtrade "
            "(the user's IFR file is in robots_by_industry)",
        ),
        TableSpec(
            "robots_by_industry",
            lambda: [raw_file("jara", rbi.JARA_FILE), raw_file("wiod2013", rbi.SPLIT_FILE)],
            rbi.build_robots_by_industry,
            "Robots by country x WIOD industry x year: the user's IFR file (unspecified robots "
            "allocated, IFR codes -> WIOD) and JARA Japan",
            optional_user_dir="ifr",
        ),
        TableSpec(
            "ifr_files",
            lambda: [raw_file("wiod2013", rbi.SPLIT_FILE)],
            rbi.build_ifr_files,
            "What became of each user IFR file in data/raw/ifr (read, or the error)",
            optional_user_dir="ifr",
        ),
        TableSpec(
            "employment_by_industry",
            _present("wiod-sea", "Socio_Economic_Accounts_July14.xlsx"),
            rbi.build_employment,
            "Persons engaged by country x WIOD industry x year (WIOD SEA EMP), when supplied",
        ),
        TableSpec(
            "patents",
            lambda: [
                raw_file("owid", "artificial-intelligence-patents-submitted-per-million.csv"),
                raw_file("wdi", WDI_POP),
            ],
            build_patents,
            "AI patent applications per million people, counts and world shares",
        ),
        TableSpec(
            "ai_benchmarks",
            lambda: [raw_file("epoch", n) for n in sorted(epoch.BENCHMARKS)],
            build_ai_benchmarks,
            "Epoch AI benchmark scores by model",
        ),
        TableSpec(
            "adb_gvc",
            lambda: [
                raw_file("adb-mrio-gvc", "gvcp.parquet"),
                raw_file("adb-mrio-gvc", "countries.xlsx"),
                raw_file("adb-mrio-gvc", "sectors_dict.csv"),
            ],
            build_adb_gvc,
            "ADB MRIO GVC participation",
        ),
        TableSpec(
            "alfs",
            lambda: [raw_file("jara", ALFS_FILE)],
            build_alfs,
            "OECD Annual Labour Force Statistics (employment, labour force; thousands of persons)",
        ),
        TableSpec(
            "ai_investment",
            lambda: [raw_file("owid", INVESTMENT_FILE)],
            build_ai_investment,
            "Private investment in AI by country (CSET via OWID), current USD",
        ),
        TableSpec(
            "income_groups",
            lambda: [raw_file("wb-class", "OGHIST.xlsx")],
            build_income_groups,
            "World Bank income group of each economy by data year (historical, OGHIST)",
        ),
        TableSpec(
            "manufacturing_va",
            lambda: [raw_file("ncses", "10758/data.csv"), raw_file("wdi", WDI_MANF)],
            build_manufacturing_va,
            "Manufacturing value added (NCSES SKTI-2 and WDI)",
        ),
    ]
}


def user_inputs(spec: TableSpec) -> dict[str, Path]:
    """Licensed user files for ``spec`` (e.g. ``ifr/<file>``) found in ``data/raw``."""
    if not spec.optional_user_dir:
        return {}
    files = ifr.user_files(config.raw_dir(spec.optional_user_dir))
    return {f"{spec.optional_user_dir}/{p.name}": p for p in files if p.is_file()}


__all__ = ["TABLES", "TableSpec", "user_inputs"]
