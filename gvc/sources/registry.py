"""The source registry: one entry per upstream file, with where it lives and how to verify it.

Every raw file gvc reads is listed here with its publisher, official URL, file name as published,
licence, citation and SHA-256. Checksums are those of the files as published at the vintage gvc
was developed against. Sources whose publisher revises files in place (World Bank WDI, Epoch AI,
Our World in Data) are marked ``pinned=False``: a fresh download with another checksum is accepted
with a warning and its new checksum is recorded in ``data/processed/MANIFEST.json``; for pinned
sources (git commits, fixed releases) a mismatch is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gvc.sources._checksums import CHECKSUMS


@dataclass(frozen=True)
class RawFile:
    """One upstream file as published."""

    source: str
    name: str
    url: str | None
    sha256: str | None
    archive_member: str | None = None  # file inside a downloaded zip, when the URL is a zip

    @property
    def key(self) -> str:
        return f"{self.source}/{self.name}"


@dataclass(frozen=True)
class Source:
    """One upstream publisher's data set."""

    id: str
    publisher: str
    title: str
    landing_url: str
    licence: str
    citation: str
    pinned: bool
    files: tuple[RawFile, ...] = field(default_factory=tuple)
    licensed: bool = False  # True: the user must supply the files (no public copy)
    how_to_get: str = ""
    on_demand: bool = False  # large tables: fetched when named or needed, not by a bare fetch


def _files(source: str, url_for) -> tuple[RawFile, ...]:
    out = []
    for name, sha in sorted(CHECKSUMS[source].items()):
        url, member = url_for(name)
        out.append(RawFile(source, name, url, sha, member))
    return tuple(out)


_WIOD_COMMIT = "59a28ac"
_ADB_COMMIT = "b0153e5"
_AKS_COMMIT = "5c90fb9"


def _wdi_url(name: str) -> tuple[str | None, str | None]:
    # API_<code>_DS2_..., API_<code>.csv (renamed upstream), Metadata_Country_API_<code>_...
    stem = name.removeprefix("Metadata_Country_").removeprefix("Metadata_Indicator_")
    code = stem.removeprefix("API_").split("_DS2")[0].removesuffix(".csv")
    return f"https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv", name


_OECD_ICIO_2023 = {  # OECD's public file view of the 2023 edition (zips of yearly CSVs)
    "1995-2000": "d26ad811-5b58-4f0c-a4e3-06a1469e475c",
    "2001-2005": "7cb93dae-e491-4cfd-ac67-889eb7016a4a",
    "2006-2010": "ea165bfb-3a85-4e0a-afee-6ba8e6c16052",
    "2011-2015": "1f791bc6-befb-45c5-8b34-668d08a1702a",
    "2016-2020": "d1ab2315-298c-4e93-9a81-c6f2273139fe",
}
ADB_MRIO_YEARS = (2000, *range(2007, 2023))
EORA26_YEARS = tuple(range(1990, 2017))  # the open (free academic account) Eora26 years
EXIOBASE3_YEARS = tuple(range(1995, 2023))  # release 3.8.2 (Zenodo record 5589597)
FIGARO_YEARS = tuple(range(2010, 2023))  # 2024 edition, industry-by-industry
FIGARO_URL = "https://ec.europa.eu/eurostat/documents/51957/19580762/{name}"
"""Eurostat's folder of the 2024-edition industry-by-industry matrix CSVs (one file a year)."""


def _unpinned(source: str, urls: dict[str, str | None]) -> tuple[RawFile, ...]:
    """Files of a large, unpinned source: no checksum in the registry; the one found at first
    download is recorded in MANIFEST.json when a table is built from it."""
    return tuple(RawFile(source, name, url, None) for name, url in urls.items())


def _epoch_url(name: str) -> tuple[str | None, str | None]:
    if name == "notable_ai_models.csv":
        return "https://epoch.ai/data/notable_ai_models.csv", None
    return "https://epoch.ai/data/benchmark_data.zip", name


SOURCES: dict[str, Source] = {
    s.id: s
    for s in [
        Source(
            "wiod2013",
            "World Input-Output Database (University of Groningen)",
            "WIOD 2013 release world input-output tables, 1995-2011 (R package wiod)",
            "https://github.com/bquast/wiod",
            "GPL-3 (R package); WIOD terms of use",
            "Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), 'An Illustrated User Guide "
            "to the World Input-Output Database', Review of International Economics 23:575-605.",
            pinned=True,
            files=_files(
                "wiod2013",
                lambda n: (f"https://github.com/bquast/wiod/raw/{_WIOD_COMMIT}/data/{n}", None),
            ),
        ),
        Source(
            "wdi",
            "World Bank",
            "World Development Indicators, single-indicator CSV downloads",
            "https://databank.worldbank.org/source/world-development-indicators",
            "CC BY 4.0",
            "World Bank, World Development Indicators.",
            pinned=False,
            files=_files("wdi", _wdi_url),
        ),
        Source(
            "epoch",
            "Epoch AI",
            "Benchmarking Hub (MMLU, GPQA Diamond, MATH level 5, ECI) and notable AI models",
            "https://epoch.ai/data",
            "CC BY 4.0",
            "Epoch AI, 'Data on AI Benchmarking' and 'Data on Notable AI Models', epoch.ai.",
            pinned=False,
            files=_files("epoch", _epoch_url),
        ),
        Source(
            "owid",
            "Our World in Data",
            "Grapher downloads: industrial robots (IFR via AI Index), AI patents (CSET), AI investment",
            "https://ourworldindata.org",
            "CC BY 4.0 (robot series originate from IFR World Robotics)",
            "Our World in Data, grapher data; IFR World Robotics via Stanford AI Index; CSET.",
            pinned=False,
            files=_files("owid", lambda n: (f"https://ourworldindata.org/grapher/{n}", None)),
        ),
        Source(
            "jara",
            "Adachi, Kawaguchi and Saito (replication data; Japan Robot Association shipments)",
            "Robots and Employment: Evidence from Japan, 1978-2017 - replication data",
            "https://github.com/daisukeadachi/aks_robots",
            "MIT",
            "Adachi, Kawaguchi and Saito (2024), 'Robots and Employment: Evidence from Japan, "
            "1978-2017', Journal of Labor Economics.",
            pinned=True,
            files=_files(
                "jara",
                lambda n: (
                    f"https://github.com/daisukeadachi/aks_robots/raw/{_AKS_COMMIT}/data/{n}",
                    None,
                ),
            ),
        ),
        Source(
            "ncses",
            "U.S. National Science Foundation, NCSES",
            "Science and Engineering Indicators 2024, table SKTI-2 (value added by industry)",
            "https://ncses.nsf.gov/pubs/nsb20245",
            "Public domain (U.S. federal work)",
            "National Science Board, NCSES (2024), Science and Engineering Indicators, table SKTI-2.",
            pinned=True,
            files=_files("ncses", lambda n: (None, None)),
            how_to_get="Download table SKTI-2 (modal id 10758) as CSV from ncses.nsf.gov and save "
            "it as data/raw/ncses/10758/data.csv.",
        ),
        Source(
            "ifr-press",
            "International Federation of Robotics (press releases, transcribed)",
            "Robot density and installations published in IFR World Robotics press releases",
            "https://ifr.org/ifr-press-releases",
            "Statistics (c) IFR; short quotations for citation",
            "International Federation of Robotics, World Robotics press releases (editions "
            "2017-2024); every row carries its page address and quotation.",
            pinned=True,
            files=_files("ifr-press", lambda n: (None, None)),
            how_to_get="These transcriptions have no single download address; obtain them from "
            "a gvc data mirror (GVC_MIRROR) or the project's release assets.",
        ),
        Source(
            "adb-mrio-gvc",
            "Asian Development Bank MRIO, processed by ksreyes/mrio-processing",
            "GVC participation (Borin-Mancini trade-based, production-based) from ADB MRIO",
            "https://github.com/ksreyes/mrio-processing",
            "Scripts MIT; ADB MRIO terms apply to the underlying tables",
            "Asian Development Bank Multi-Regional Input-Output tables (July 2023 vintage); "
            "processing by K. S. Reyes, mrio-processing.",
            pinned=True,
            files=_files(
                "adb-mrio-gvc",
                lambda n: (
                    f"https://github.com/ksreyes/mrio-processing/raw/{_ADB_COMMIT}/data/{n}",
                    None,
                ),
            ),
        ),
        Source(
            "wiod-sea",
            "World Input-Output Database (University of Groningen)",
            "WIOD 2013 release Socio-Economic Accounts (July 2014): employment (EMP) by country "
            "x industry",
            "https://www.rug.nl/ggdc/valuechain/wiod/wiod-2013-release",
            "WIOD terms of use",
            "Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), Review of International "
            "Economics 23:575-605.",
            pinned=True,
            files=(
                RawFile(
                    "wiod-sea",
                    "Socio_Economic_Accounts_July14.xlsx",
                    "https://dataverse.nl/api/access/datafile/199111",
                    None,  # verified by size and SHA-1 in gvc.sources.wiod_sea
                ),
            ),
            how_to_get="Optional (C1 robots per 100 workers): download Dataverse file 199111 "
            "(7,831,205 bytes, SHA-1 4056b31e2399fd2bb92a311109f279f07ff15faa) as "
            "data/raw/wiod-sea/Socio_Economic_Accounts_July14.xlsx, or `gvc data fetch wiod-sea`.",
        ),
        Source(
            "wb-class",
            "World Bank",
            "Historical classification by income (OGHIST.xlsx): income group of each economy "
            "by fiscal year",
            "https://datacatalog.worldbank.org/search/dataset/0037712/World-Development-Indicators",
            "CC BY 4.0",
            "World Bank, World Development Indicators, 'Historical classification by income' "
            "(OGHIST.xlsx), Data Catalog resource DR0090754.",
            pinned=False,  # updated every July 1 with a new fiscal year
            files=_files(
                "wb-class",
                lambda n: ("https://ddh-openapi.worldbank.org/resources/DR0090754/download", None),
            ),
        ),
        Source(
            "ifr",
            "International Federation of Robotics",
            "World Robotics: industrial robot installations and operational stock by country, "
            "industry and year (licensed)",
            "https://ifr.org/worldrobotics",
            "Licensed by IFR; not redistributable",
            "International Federation of Robotics, World Robotics Industrial Robots (year).",
            pinned=False,
            licensed=True,
            how_to_get="Buy World Robotics from IFR and place its country x industry x year table "
            "as CSV, XLSX or Stata .dta in data/raw/ifr/ (layout: see gvc/sources/ifr.py).",
        ),
        Source(
            "oecd-icio",
            "OECD",
            "Inter-Country Input-Output tables, 2023 edition (1995-2020, 76 economies + ROW x 45 "
            "industries; China and Mexico split by processing trade), yearly CSVs in zips",
            "https://www.oecd.org/en/data/datasets/inter-country-input-output-tables.html",
            "OECD terms and conditions (free reuse with attribution)",
            "OECD (2023), OECD Inter-Country Input-Output Database, http://oe.cd/icio.",
            pinned=False,
            on_demand=True,
            files=_unpinned(
                "oecd-icio",
                {
                    f"ICIO2023_{span}.zip": f"https://stats.oecd.org/wbos/fileview2.aspx?IDFile={i}"
                    for span, i in _OECD_ICIO_2023.items()
                },
            ),
        ),
        Source(
            "wiod2016",
            "World Input-Output Database (University of Groningen)",
            "WIOD 2016 release world input-output tables, 2000-2014 (43 countries + ROW x 56 "
            "industries), R data files",
            "https://www.rug.nl/ggdc/valuechain/wiod/wiod-2016-release",
            "WIOD terms of use (free with citation)",
            "Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), 'An Illustrated User Guide "
            "to the World Input-Output Database', Review of International Economics 23:575-605.",
            pinned=False,
            on_demand=True,
            files=_unpinned(
                "wiod2016",
                {
                    "wiot_r_Nov16.zip": "http://www.wiod.org/protected3/data16/wiot_ROW/wiot_r_Nov16.zip"
                },
            ),
        ),
        Source(
            "adb-mrio",
            "Asian Development Bank",
            "ADB Multi-Regional Input-Output tables (62 economies + RoW x 35 sectors, 2000 and "
            "2007-2022), one xlsx per year",
            "https://kidb.adb.org/globalization",
            "ADB terms of use (free with attribution)",
            "Asian Development Bank, Multi-Regional Input-Output Database, kidb.adb.org.",
            pinned=False,
            on_demand=True,
            files=_unpinned("adb-mrio", {f"ADB-MRIO-{y}.xlsx": None for y in ADB_MRIO_YEARS}),
            how_to_get="Download the yearly MRIO tables (xlsx) from kidb.adb.org/globalization "
            "(free ADB account) and save them as data/raw/adb-mrio/ADB-MRIO-<year>.xlsx.",
        ),
        Source(
            "eora26",
            "Eora global MRIO (University of Sydney / KGM & Associates)",
            "Eora26 simplified MRIO (189 countries + ROW x 26 sectors, 1990-2016, basic prices), "
            "one zip per year with the label files (or indices.zip)",
            "https://worldmrio.com/eora26/",
            "Eora terms of use (free academic account; no redistribution)",
            "Lenzen, Kanemoto, Moran and Geschke (2012), Environmental Science & Technology "
            "46:8374-8381; Lenzen, Moran, Kanemoto and Geschke (2013), Economic Systems Research "
            "25:20-49.",
            pinned=False,
            on_demand=True,
            files=_unpinned(
                "eora26",
                {f"Eora26_{y}_bp.zip": None for y in EORA26_YEARS} | {"indices.zip": None},
            ),
            how_to_get="Log in at worldmrio.com (free academic account) and download "
            "https://worldmrio.com/ComputationsM/Phase199/Loop082/simplified/Eora26_<year>_bp.zip "
            "(and indices.zip from the same folder) into data/raw/eora26/.",
        ),
        Source(
            "exiobase3",
            "EXIOBASE consortium (NTNU, TNO, SERI, Universiteit Leiden, WU, 2.-0 LCA)",
            "EXIOBASE 3.8.2 monetary MRIO (44 countries + 5 rest-of-world regions x 163 "
            "industries (ixi) or 200 products (pxp), 1995-2022), one zip per year and type",
            "https://doi.org/10.5281/zenodo.5589597",
            "CC BY-SA 4.0",
            "Stadler et al. (2018), 'EXIOBASE 3: Developing a Time Series of Detailed "
            "Environmentally Extended Multi-Regional Input-Output Tables', Journal of Industrial "
            "Ecology 22:502-515; release 3.8.2, doi 10.5281/zenodo.5589597.",
            pinned=False,
            on_demand=True,
            files=_unpinned(
                "exiobase3",
                {
                    f"IOT_{y}_{k}.zip": f"https://zenodo.org/records/5589597/files/IOT_{y}_{k}.zip"
                    for y in EXIOBASE3_YEARS
                    for k in ("ixi", "pxp")
                },
            ),
        ),
        Source(
            "figaro",
            "Eurostat",
            "FIGARO EU inter-country input-output tables, industry by industry, 2024 edition "
            "(EU and partner countries plus FIGW1 rest of world x 64 NACE industries, 2010-2022), "
            "matrix CSV",
            "https://ec.europa.eu/eurostat/web/esa-supply-use-input-tables/database",
            "Eurostat copyright (free reuse with attribution)",
            "Eurostat (2024), FIGARO - Full international and global accounts for research in "
            "input-output analysis, EU inter-country input-output tables.",
            pinned=False,
            on_demand=True,
            files=_unpinned(
                "figaro",
                {
                    f"matrix_eu-ic-io_ind-by-ind_24ed_{y}.csv": FIGARO_URL.format(
                        name=f"matrix_eu-ic-io_ind-by-ind_24ed_{y}.csv"
                    )
                    for y in FIGARO_YEARS
                },
            ),
            how_to_get="`gvc data fetch figaro` downloads the industry-by-industry tables in 'CSV "
            "matrix format' (2024 edition) from Eurostat; or save them from "
            "ec.europa.eu/eurostat/web/esa-supply-use-input-tables/database as "
            "data/raw/figaro/matrix_eu-ic-io_ind-by-ind_24ed_<year>.csv.",
        ),
    ]
}


def raw_file(source: str, name: str) -> RawFile:
    """The registry entry for one file; a clear error when unknown."""
    try:
        src = SOURCES[source]
    except KeyError:
        raise KeyError(f"unknown source '{source}'; known: {', '.join(SOURCES)}") from None
    for f in src.files:
        if f.name == name:
            return f
    raise KeyError(f"source '{source}' has no file '{name}' in the registry")
