"""WIOD 2013 release: world input-output tables 1995-2011 (40 economies + RoW, 35 industries).

Source: World Input-Output Database, 2013 release, as distributed in the R package ``wiod``
(B. Quast, O. Reiter; github.com/bquast/wiod, ``data/``), one ``wiot_YYYY.RData`` per year.
Cite Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), Review of International
Economics 23:575-605. Values: current prices, millions of USD, rounded to whole numbers.

This module only reads files into arrays and labels; the input-output math lives in ``gvc.io``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gvc.errors import DataError
from gvc.sources.icio_table import Probe, TableFormat

YEARS = tuple(range(1995, 2012))
FD_CATEGORIES = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
"""Final-demand categories, in file order within each destination country: household
consumption, non-profit consumption, government consumption, gross fixed capital formation,
changes in inventories and valuables."""

COUNTRY_FIXES = {"ROM": "ROU"}
"""WIOD codes that are not ISO 3166 alpha-3 (Romania). 'RoW' (rest of world) is kept as is."""

INDUSTRIES = {
    "c1": ("AtB", "Agriculture, hunting, forestry and fishing"),
    "c2": ("C", "Mining and quarrying"),
    "c3": ("15t16", "Food, beverages and tobacco"),
    "c4": ("17t18", "Textiles and textile products"),
    "c5": ("19", "Leather, leather products and footwear"),
    "c6": ("20", "Wood and products of wood and cork"),
    "c7": ("21t22", "Pulp, paper, printing and publishing"),
    "c8": ("23", "Coke, refined petroleum and nuclear fuel"),
    "c9": ("24", "Chemicals and chemical products"),
    "c10": ("25", "Rubber and plastics"),
    "c11": ("26", "Other non-metallic minerals"),
    "c12": ("27t28", "Basic metals and fabricated metal"),
    "c13": ("29", "Machinery, n.e.c."),
    "c14": ("30t33", "Electrical and optical equipment"),
    "c15": ("34t35", "Transport equipment"),
    "c16": ("36t37", "Manufacturing, n.e.c.; recycling"),
    "c17": ("E", "Electricity, gas and water supply"),
    "c18": ("F", "Construction"),
    "c19": ("50", "Sale, maintenance and repair of motor vehicles; retail sale of fuel"),
    "c20": ("51", "Wholesale trade, except motor vehicles"),
    "c21": ("52", "Retail trade, except motor vehicles; repair of household goods"),
    "c22": ("H", "Hotels and restaurants"),
    "c23": ("60", "Inland transport"),
    "c24": ("61", "Water transport"),
    "c25": ("62", "Air transport"),
    "c26": ("63", "Supporting transport activities; travel agencies"),
    "c27": ("64", "Post and telecommunications"),
    "c28": ("J", "Financial intermediation"),
    "c29": ("70", "Real estate activities"),
    "c30": ("71t74", "Renting of machinery and equipment and other business activities"),
    "c31": ("L", "Public administration and defence; compulsory social security"),
    "c32": ("M", "Education"),
    "c33": ("N", "Health and social work"),
    "c34": ("O", "Other community, social and personal services"),
    "c35": ("P", "Private households with employed persons"),
}
"""WIOD 2013 industry codes c1..c35 -> (ISIC Rev.3 / NACE Rev.1 code, name)."""

MANUFACTURING = tuple(f"c{i}" for i in range(3, 17))
"""Manufacturing industries (ISIC Rev.3 D, codes 15-37) = WIOD c3..c16."""


@dataclass(frozen=True)
class WIOT:
    """One year of the WIOD 2013 world input-output table, as arrays with labels.

    ``Z``: intermediate use, (G*N) x (G*N), rows = supplying country-industry.
    ``F``: final demand, (G*N) x (G*5), columns = destination country x FD_CATEGORIES.
    ``x``: gross output, (G*N,). Units: millions of current USD.
    ``countries``: ISO3 codes in table order ('ROU' for WIOD's 'ROM'; last is 'RoW').
    """

    year: int
    countries: tuple[str, ...]
    industries: tuple[str, ...]
    Z: np.ndarray
    F: np.ndarray
    x: np.ndarray

    @property
    def F_by_country(self) -> np.ndarray:
        """Final demand summed over categories: (G*N) x G."""
        g = len(self.countries)
        return self.F.reshape(self.F.shape[0], g, len(FD_CATEGORIES)).sum(axis=2)

    @property
    def sector_labels(self) -> list[str]:
        """``ISO3_industry`` labels in row order."""
        return [f"{c}_{i}" for c in self.countries for i in self.industries]


def read_wiot(path: str | Path) -> WIOT:
    """Read one ``wiot_YYYY.RData`` file (R list of class "iot") with the ``rdata`` package."""
    import rdata

    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rdata warns that class "iot" has no constructor
            obj = rdata.read_rda(str(path))
    except Exception as exc:  # rdata raises many types on truncated or foreign files
        raise DataError(
            f"{path}: cannot be read as an R data file ({type(exc).__name__}: {exc}). "
            "The file may be truncated; delete it and run `gvc data fetch wiod2013` again."
        ) from exc
    if len(obj) != 1:
        raise DataError(f"{path}: expected one R object (wiot_YYYY), found {list(obj)}")
    w = next(iter(obj.values()))
    for key in ("year", "countries", "industries", "inter", "final", "output"):
        if key not in w:
            raise DataError(f"{path}: R list lacks element '{key}'; is this a WIOD 2013 wiot file?")
    countries = tuple(COUNTRY_FIXES.get(str(c), str(c)) for c in np.asarray(w["countries"]))
    industries = tuple(str(i) for i in np.asarray(w["industries"]))
    Z = np.asarray(w["inter"], dtype=np.float64)
    F = np.asarray(w["final"], dtype=np.float64)
    x = np.asarray(w["output"], dtype=np.float64).ravel()
    gn = len(countries) * len(industries)
    expected = {
        "inter": (gn, gn),
        "final": (gn, len(countries) * len(FD_CATEGORIES)),
        "output": (gn,),
    }
    for key, arr in (("inter", Z), ("final", F), ("output", x)):
        if arr.shape != expected[key]:
            raise DataError(
                f"{path}: element '{key}' has shape {arr.shape}, expected {expected[key]}"
            )
        if not np.isfinite(arr).all():
            bad = np.argwhere(~np.isfinite(arr))[0]
            raise DataError(f"{path}: element '{key}' has a non-finite value at index {tuple(bad)}")
    return WIOT(int(np.asarray(w["year"]).ravel()[0]), countries, industries, Z, F, x)


def as_table(w: WIOT, origin: str | Path):
    """One year as the ``IcioTable`` every input-output route reads (final demand summed by
    destination, industry names ``code name``; rest of the world spelled ``ROW`` by
    ``IcioTable``)."""
    from gvc.sources.icio_table import IcioTable

    return IcioTable(
        "wiod2013", str(origin), w.year, "millions of current USD", w.countries, w.industries,
        w.Z, w.F_by_country, w.x, FD_CATEGORIES, {},
        {c: f"{code} {name}" for c, (code, name) in INDUSTRIES.items()},
    )  # fmt: skip


def read_wiot_table(path: str | Path):
    """``read_wiot`` as an ``IcioTable`` (``gvc.read_icio`` on a ``wiot_YYYY.RData``)."""
    return as_table(read_wiot(path), path)


def is_wiod2013_rdata(path: str | Path) -> bool:
    """True when an R data file holds one WIOD 2013 list ``wiot_YYYY`` (not the WIOD 2016
    data frame ``wiot``); False when it cannot be read (its reader then names the problem)."""
    import rdata

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = rdata.read_rda(str(path))
    except Exception:  # noqa: BLE001 - the parser that reads it reports the damage
        return False
    return len(obj) == 1 and isinstance(w := next(iter(obj.values())), dict) and "inter" in w


def _detect(probe: Probe) -> bool:
    return probe.kind == "rdata" and is_wiod2013_rdata(probe.path)


TABLE_FORMAT = TableFormat(
    name="wiod2013",
    title="WIOD 2013",
    expected="a WIOD 2013 wiot_YYYY.RData",
    detect=_detect,
    read=lambda path, year=None: read_wiot_table(path),
)
