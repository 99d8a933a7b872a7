"""The ``countries`` table: ISO3 code, name, World Bank region and income group, UN M49 region,
and two definitions of "developing", because claims about developing countries depend on it.

- ``developing_wb``: World Bank low or middle income (income group of the WDI metadata vintage in
  the mirror; NA where the World Bank gives no group, e.g. Taiwan or Venezuela after 2021).
- ``developing_m49``: UN M49 "developing regions" (the M49 convention used until 2021: developed
  = Europe, Northern America, Australia and New Zealand, and Japan; everything else developing).
Aggregates (WDI regions and income groups, WIOD's ``RoW``) are kept with ``is_country`` False.
"""

from __future__ import annotations

import pandas as pd

from gvc.sources.country_codes import _converter

M49_DEVELOPED_REGIONS = {
    "Northern Europe",
    "Western Europe",
    "Southern Europe",
    "Eastern Europe",
    "Northern America",
    "Australia and New Zealand",
}
M49_DEVELOPED_EXTRA = {"JPN"}
UN_REGION_FIXES = {"CHI": "Northern Europe"}  # Channel Islands: not in country_converter
EXTRA_ROWS = [
    # economies used by gvc's sources but absent from WDI's country list
    {"iso3": "TWN", "name": "Taiwan, China", "region": "East Asia & Pacific", "income_group": None},
    {"iso3": "RoW", "name": "Rest of the world (WIOD)", "region": None, "income_group": None},
]


def build_countries(meta: pd.DataFrame) -> pd.DataFrame:
    """From WDI country metadata (``iso3, name, region, income_group``) to the countries table."""
    extra = pd.DataFrame(EXTRA_ROWS).astype("string")
    df = pd.concat([meta.astype("string"), extra], ignore_index=True)
    df = df.drop_duplicates("iso3", keep="first")
    is_country = df["region"].notna() & (df["iso3"] != "RoW")
    un = _converter().data.set_index("ISO3")["UNregion"].to_dict() | UN_REGION_FIXES
    un_region = df["iso3"].map(un).where(is_country)
    income = df["income_group"].astype("string")
    wb_dev = income.isin(["Low income", "Lower middle income", "Upper middle income"])
    wb_dev = wb_dev.astype("boolean").where(income.notna() & is_country, pd.NA)
    m49_dev = ~un_region.isin(M49_DEVELOPED_REGIONS) & ~df["iso3"].isin(M49_DEVELOPED_EXTRA)
    m49_dev = m49_dev.astype("boolean").where(un_region.notna(), pd.NA)
    return pd.DataFrame(
        {
            "iso3": df["iso3"].astype("string"),
            "name": df["name"].astype("string"),
            "is_country": is_country.astype(bool),
            "region": df["region"].astype("string"),
            "income_group": income,
            "un_region": un_region.astype("string"),
            "developing_wb": wb_dev,
            "developing_m49": m49_dev,
        }
    ).reset_index(drop=True)
