"""pandera schemas of the processed tables: column types, ranges and the unique key.

Units are in column names (``density_per_10k`` = robots per 10,000 employees, ``_usd_mn`` =
millions of current US dollars, ``share`` = fraction in [0, 1], ``pct`` = percent) and in each
table's ``description``.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from gvc.panels.robots_by_industry import STATUSES as IFR_STATUSES

ISO = Column("string", nullable=False)
YEAR = Column("int64", Check.in_range(1950, 2100), nullable=False)


def _nonneg(nullable=True):
    return Column("float64", Check.ge(0), nullable=nullable)


def _density(nullable=True):
    # robots per 10,000 employees: the highest published (Korea) is about 1,000
    return Column("float64", Check.in_range(0, 10_000), nullable=nullable)


def _share(nullable=True):
    return Column("float64", Check.in_range(0, 1), nullable=nullable)


SCHEMAS: dict[str, DataFrameSchema] = {
    "countries": DataFrameSchema(
        {
            "iso3": ISO,
            "name": Column("string"),
            "is_country": Column(bool),
            "region": Column("string", nullable=True),
            "income_group": Column("string", nullable=True),
            "un_region": Column("string", nullable=True),
            "developing_wb": Column("boolean", nullable=True),
            "developing_m49": Column("boolean", nullable=True),
        },
        unique=["iso3"],
        strict=True,
        description="Countries and aggregates; World Bank and UN M49 'developing' definitions.",
    ),
    "wdi": DataFrameSchema(
        {"iso3": ISO, "year": YEAR, "indicator": Column("string"), "value": Column("float64")},
        unique=["iso3", "year", "indicator"],
        strict=True,
        description="World Development Indicators, long; value in the indicator's unit.",
    ),
    "robots": DataFrameSchema(
        {
            "source": Column(
                "string",
                Check.isin(
                    ["ifr", "ifr_press", "owid", "jara", "comtrade_847950", "synthetic_demo"]
                ),
            ),
            "iso3": ISO,
            "industry": Column("string"),
            "year": YEAR,
            "is_country": Column(bool),
            "installations": _nonneg(),
            "operational_stock": _nonneg(),
            "density_per_10k": _density(),
            "stock_method": Column("string", nullable=True),
            "shipments_value_mjpy": _nonneg(),
            "imports_units": _nonneg(),
            "imports_usd": _nonneg(),
            "exports_units": _nonneg(),
            "exports_usd": _nonneg(),
            "source_type": Column("string", nullable=True),
            "source_url": Column("string", nullable=True),
            "n_reports": Column("Int64", nullable=True),
            "note": Column("string", nullable=True),
        },
        unique=["source", "iso3", "industry", "year"],
        strict=True,
        description="Industrial robots: installations (units/yr), operational stock (units), "
        "density (robots per 10,000 manufacturing employees).",
    ),
    "robots_by_industry": DataFrameSchema(
        {
            "source": Column("string", Check.isin(["ifr", "jara"])),
            "iso3": ISO,
            "industry": Column("string"),
            "year": YEAR,
            "is_country": Column(bool),
            "operational_stock": _nonneg(),
            "installations": _nonneg(),
            "unspecified_allocated": _nonneg(),
            "installations_unspecified_allocated": _nonneg(),
            "ifr_codes": Column("string", nullable=True),
        },
        unique=["source", "iso3", "industry", "year"],
        strict=True,
        description="Robots by country x WIOD 2013 industry (c1..c35, MANUF, TOTAL) x year: "
        "operational stock and installations (units); unspecified_allocated = units of the stock "
        "allocated from IFR's unspecified categories.",
    ),
    "ifr_files": DataFrameSchema(
        {
            "file": Column("string"),
            "status": Column("string", Check.isin(list(IFR_STATUSES))),
            "n_rows": Column("int64", Check.ge(0)),
            "message": Column("string"),
        },
        unique=["file", "status", "message"],
        strict=True,
        description="Each user IFR file in data/raw/ifr: read (rows, coverage) or the error, and "
        "the rows of a read file that were left out, unmapped or whose code disagrees (n_rows).",
    ),
    "employment_by_industry": DataFrameSchema(
        {
            "source": Column("string"),
            "iso3": ISO,
            "industry": Column("string"),
            "year": YEAR,
            "employment": _nonneg(False),
        },
        unique=["source", "iso3", "industry", "year"],
        strict=True,
        description="Persons engaged by country x WIOD industry x year (WIOD SEA EMP x 1000).",
    ),
    "patents": DataFrameSchema(
        {
            "iso3": ISO,
            "year": YEAR,
            "field": Column("string"),
            "applications_per_million": _nonneg(False),
            "population": _nonneg(),
            "applications": _nonneg(),
            "world_share": _share(),
        },
        unique=["iso3", "year", "field"],
        strict=True,
        description="AI patent applications (CSET via OWID); world_share over the covered countries.",
    ),
    "ai_benchmarks": DataFrameSchema(
        {
            "benchmark": Column("string"),
            "model": Column("string"),
            "organization": Column("string", nullable=True),
            "countries": Column("string", nullable=True),
            "multi_country": Column(bool),
            "release_date": Column("datetime64[ns]", nullable=True),
            "score": Column("float64", nullable=False),
            "score_unit": Column("string", Check.isin(["share", "index"])),
            "source": Column("string"),
        },
        checks=Check(
            lambda df: (df["score_unit"] != "share") | df["score"].between(0, 1),
            name="share_scores_in_0_1",
            error="scores with score_unit 'share' must lie in [0, 1]",
        ),
        unique=["benchmark", "model"],
        strict=True,
        description="Epoch AI benchmark scores: share correct in [0,1] (ECI: index).",
    ),
    "adb_gvc": DataFrameSchema(
        {
            "iso3": ISO,
            "sector": Column("string"),
            "sector_name": Column("string"),  # gvc.sources.adb.read_sector_names
            "year": YEAR,
            "exports": _nonneg(),
            # fractions of exports; a few sector rows lie outside [0, 1] upstream (negative
            # value added in the ADB tables), kept as published
            "gvc_part_trade_fwd": Column("float64", nullable=True),
            "gvc_part_trade_bwd": Column("float64", nullable=True),
            "gvc_part_trade": Column("float64", nullable=True),
            "gvc_part_prod": Column("float64", nullable=True),
        },
        unique=["iso3", "sector", "year"],
        strict=True,
        description="ADB MRIO GVC participation (fractions); exports in USD million.",
    ),
    "alfs": DataFrameSchema(
        {
            "iso3": ISO,
            "year": YEAR,
            "subject": Column("string"),
            "subject_name": Column("string"),
            "unit": Column("string"),
            "value": Column("float64", nullable=False),
            "is_country": Column(bool),
        },
        unique=["iso3", "year", "subject"],
        strict=True,
        description="OECD ALFS: thousands of persons (L1 subjects) or percent (PE/PC subjects).",
    ),
    "ai_investment": DataFrameSchema(
        {
            "iso3": ISO,
            "year": YEAR,
            "field": Column("string"),
            "investment_usd": _nonneg(False),
            "is_country": Column(bool),
        },
        unique=["iso3", "year", "field"],
        strict=True,
        description="Estimated private investment in AI, current USD (CSET via OWID).",
    ),
    "manufacturing_va": DataFrameSchema(
        {"source": Column("string"), "iso3": ISO, "year": YEAR, "va_usd_mn": _nonneg(False)},
        unique=["source", "iso3", "year"],
        strict=True,
        description="Manufacturing value added, millions of current USD (NCSES SKTI-2, WDI).",
    ),
    "income_groups": DataFrameSchema(
        {
            "iso3": ISO,
            "year": YEAR,
            "fiscal_year": Column("string"),
            "income_group": Column("string", Check.isin(["L", "LM", "UM", "H"]), nullable=True),
            "developing": Column("boolean", nullable=True),
            "carried_forward": Column(bool),
        },
        unique=["iso3", "year"],
        strict=True,
        description="World Bank income group of each economy by data year (OGHIST: FY t+2 uses "
        "data for year t); developing = L, LM or UM; years after the file carry its last year.",
    ),
    "gvc_participation": DataFrameSchema(
        {
            "source": Column("string"),
            "iso3": ISO,
            "industry": Column("string"),
            "year": YEAR,
            "measure": Column("string"),
            "value": Column("float64", nullable=True),
        },
        unique=["source", "iso3", "industry", "year", "measure"],
        strict=True,
        description="GVC measures from inter-country input-output tables (shares in [0,1], "
        "values in the table's currency unit): source wiod2013 (WIOD 1995-2011) and adb_mrio "
        "(every year of the user's ADB MRIO tables in data/raw/adb-mrio/, when present); "
        "TiVA, WWYZ and Borin-Mancini-Taglioni tripartite shares by country x industry "
        "(c1..c35, TOTAL, MANUF).",
    ),
}

KEYS = {name: list(s.unique) for name, s in SCHEMAS.items()}


def validate(name: str, df, *, files=None, inputs=()):
    """Validate ``df`` against table ``name``'s schema (and: no infinite values); the error is
    one line naming the input file (``files``: each row's raw file; else ``inputs``), the row
    by its key, the column and the value (see :mod:`gvc.panels.schema_errors`)."""
    from gvc.errors import ValidationError
    from gvc.panels import schema_errors

    ctx = {"key": list(SCHEMAS[name].unique or []), "files": files, "inputs": list(inputs)}
    msg = schema_errors.check_finite(df, name, **ctx)
    if msg:
        raise ValidationError(msg)
    try:
        return SCHEMAS[name].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise ValidationError(schema_errors.from_pandera(exc, df, name, **ctx)) from exc
