"""Fixtures for the claim tests, and tiny test-only builders of the panels the claim analyses take, read straight from the mirror.

They stand in for the real ETL (``gvc.sources``) so that the claim tests exercise the analyses on
real numbers without depending on it. The mirror folder comes from ``$GVC_MIRROR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

EPOCH_FILES = {
    "mmlu_external.csv": ("mmlu", "EM", "share"),
    "gpqa_diamond.csv": ("gpqa_diamond", "mean_score", "share"),
    "math_level_5.csv": ("math_level_5", "mean_score", "share"),
    "epoch_capabilities_index.csv": ("eci", "ECI Score", "index"),
}
COUNTRY_ISO3 = {
    "United States of America": "USA",
    "China": "CHN",
    "United Arab Emirates": "ARE",
    "France": "FRA",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "Germany": "DEU",
    "Canada": "CAN",
    "Hong Kong": "HKG",
    "Israel": "ISR",
    "Japan": "JPN",
    "Korea (Republic of)": "KOR",
    "South Korea": "KOR",
}
# UN M49 (as used until 2021) developed regions: Europe, Northern America, Japan, Australia and New
# Zealand. Listed for the economies that appear in the OWID/CSET patent file plus a margin.
M49_DEVELOPED = set(
    "ALB AND AUT BEL BGR BIH BLR CHE CZE DEU DNK ESP EST FIN FRA GBR GRC HRV HUN IRL ISL ITA "
    "LIE LTU LUX LVA MCO MDA MKD MLT MNE NLD NOR POL PRT ROU RUS SMR SRB SVK SVN SWE UKR "
    "USA CAN BMU GRL JPN AUS NZL".split()
)


def _country_codes(names: pd.Series) -> pd.Series:
    def convert(value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return pd.NA
        parts = [p.strip() for p in value.split(",") if p.strip()]
        unknown = [p for p in parts if p not in COUNTRY_ISO3]
        if unknown:
            raise KeyError(f"add {unknown} to COUNTRY_ISO3")
        return ";".join(sorted({COUNTRY_ISO3[p] for p in parts}))

    return names.map(convert).astype("string")


def epoch_panel(mirror: Path) -> pd.DataFrame:
    """The ``ai_benchmarks`` panel from ``epoch/*.csv`` (score: fraction, or ECI index)."""
    frames = []
    for name, (bench, col, unit) in EPOCH_FILES.items():
        raw = pd.read_csv(mirror / "epoch" / name)
        model = raw["Model version"]
        if "Name" in raw.columns:
            model = model.fillna(raw["Name"])
        countries = _country_codes(raw["Country"])
        frames.append(
            pd.DataFrame(
                {
                    "benchmark": bench,
                    "model": model.astype("string"),
                    "organization": raw["Organization"].astype("string"),
                    "countries": countries,
                    "multi_country": countries.fillna("").str.contains(";"),
                    "release_date": pd.to_datetime(raw["Release date"], errors="coerce"),
                    "score": pd.to_numeric(raw[col], errors="coerce"),
                    "score_unit": unit,
                    "source": f"epoch/{name}",
                }
            ).dropna(subset=["score"])
        )
    return pd.concat(frames, ignore_index=True)


def _wdi_wide(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, skiprows=4)


def countries_table(mirror: Path) -> pd.DataFrame:
    """``iso3, name, region, income_group, is_country, developing_wb, developing_m49``."""
    meta_path = sorted((mirror / "wdi").glob("Metadata_Country_API_SP.POP.TOTL_*.csv"))[0]
    meta = pd.read_csv(meta_path)
    meta = meta.rename(
        columns={
            "Country Code": "iso3",
            "TableName": "name",
            "Region": "region",
            "IncomeGroup": "income_group",
        }
    )[["iso3", "name", "region", "income_group"]]
    meta = pd.concat(
        [meta, pd.DataFrame([{"iso3": "TWN", "name": "Taiwan", "region": "East Asia & Pacific"}])],
        ignore_index=True,
    )
    is_country = meta["region"].notna()
    income = meta["income_group"]
    dev_wb = income.isin(["Low income", "Lower middle income", "Upper middle income"])
    meta["is_country"] = is_country
    meta["developing_wb"] = dev_wb.astype("boolean").where(income.notna() & is_country, pd.NA)
    meta["developing_m49"] = (
        (~meta["iso3"].isin(M49_DEVELOPED)).astype("boolean").where(is_country, pd.NA)
    )
    return meta


def patents_panel(mirror: Path, *, keep_world: bool = True) -> pd.DataFrame:
    """``iso3, year, field, applications_per_million, population, applications, world_share``.

    ``applications`` = per-million rate x population / 1e6 (WDI SP.POP.TOTL). ``world_share`` is over
    the covered countries (not the ``WLD`` row). With ``keep_world`` the OWID World row is kept as
    ``WLD``.
    """
    raw = pd.read_csv(mirror / "owid" / "artificial-intelligence-patents-submitted-per-million.csv")
    col = [c for c in raw.columns if c.startswith("Patent applications per 1 million")][0]
    df = raw.dropna(subset=["Code"]).rename(
        columns={"Code": "iso3", "Year": "year", col: "applications_per_million"}
    )
    df["iso3"] = df["iso3"].replace({"OWID_WRL": "WLD"})
    if not keep_world:
        df = df[df["iso3"] != "WLD"]
    df["field"] = col.split("Field:")[-1].strip()
    pop_path = sorted((mirror / "wdi").glob("API_SP.POP.TOTL_*.csv"))[0]
    pop = _wdi_wide(pop_path).melt(
        id_vars=["Country Code"], value_vars=[str(y) for y in range(2010, 2024)]
    )
    pop = pop.rename(columns={"Country Code": "iso3", "variable": "year", "value": "population"})
    pop["year"] = pop["year"].astype(int)
    df = df.merge(pop, on=["iso3", "year"], how="left")
    df["applications"] = df["applications_per_million"] * df["population"] / 1e6
    covered = df["iso3"] != "WLD"
    totals = df[covered].groupby("year")["applications"].transform("sum")
    df["world_share"] = (df["applications"] / totals).where(covered)
    cols = ["iso3", "year", "field", "applications_per_million", "population", "applications"]
    return df[[*cols, "world_share"]].reset_index(drop=True)


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The real-data mirror (``$GVC_MIRROR``); tests that need it skip when it is not set."""
    value = os.environ.get("GVC_MIRROR")
    if not value:
        pytest.skip("GVC_MIRROR is not set: real-data claim tests need the mirror")
    path = Path(value).expanduser().resolve()
    if not path.is_dir():
        pytest.fail(f"GVC_MIRROR={value} is not a directory")
    return path


@pytest.fixture(scope="session")
def ai_benchmarks(mirror: Path) -> pd.DataFrame:
    return epoch_panel(mirror)


@pytest.fixture(scope="session")
def countries(mirror: Path) -> pd.DataFrame:
    return countries_table(mirror)


@pytest.fixture(scope="session")
def patents(mirror: Path) -> pd.DataFrame:
    return patents_panel(mirror)
