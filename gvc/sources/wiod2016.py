"""WIOD 2016 release world input-output tables as R data files (``wiot_r_Nov16.zip``).

Source: World Input-Output Database, November 2016 release (43 countries + ROW x 56 industries,
2000-2014; www.wiod.org, now www.rug.nl/ggdc/valuechain/wiod). Millions of current USD. Cite
Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), Review of International Economics
23:575-605. Each ``WIOTyyyy_October16_ROW.RData`` holds a data frame ``wiot``: label columns
``IndustryCode``, ``IndustryDescription``, ``Country``, ``RNr``, ``Year``, then one column per
country x column number (``AUS1`` .. ``AUS56`` intermediate use, ``AUS57`` .. ``AUS61`` final
demand CONS_h, CONS_np, CONS_g, GFCF, INVEN) and ``TOT`` (gross output); rows as in the Excel
sheet (``gvc.sources.wiot_sheet``). The frame is laid out as that sheet and read by its parser.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import numpy as np

from gvc.errors import DataError
from gvc.sources.icio_table import IcioTable, Probe, TableFormat, fail, year_in
from gvc.sources.wiot_sheet import WIOD2016, is_sheet_of, parse_rows, read_wiot_sheet

FD_NUMBERS = {57: "CONS_h", 58: "CONS_np", 59: "CONS_g", 60: "GFCF", 61: "INVEN"}
LABELS = ("IndustryCode", "IndustryDescription", "Country", "RNr", "Year")


def read_wiot_rdata(path: str | Path, year: int | None = None) -> IcioTable:
    """Read one ``WIOTyyyy_October16_ROW.RData`` (or the year's member of the zip)."""
    import rdata

    path = Path(path)
    name = str(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.endswith(".RData")]
                if year is not None:
                    members = [m for m in members if year_in(m) == year]
                if len(members) != 1:
                    raise DataError(f"{path}: {len(members)} WIOD R data files; pass year=")
                name = f"{path}!{members[0]}"
                data = zf.read(members[0])
        else:
            data = path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = rdata.conversion.convert(rdata.parser.parse_data(data))
    except DataError:
        raise
    except Exception as exc:  # rdata and zlib raise many types on damaged files
        raise DataError(
            f"{name}: cannot be read as a WIOD 2016 R data file ({type(exc).__name__}: {exc}); "
            "fetch it again"
        ) from exc
    df = obj.get("wiot") if isinstance(obj, dict) else None
    if df is None or not all(c in df.columns for c in LABELS):
        raise fail(name, WIOD2016.title, f"no data frame 'wiot' with columns {list(LABELS)}")
    return parse_rows(_as_sheet(df, name), Path(name), "wiod2016", year or year_in(name))


def _as_sheet(df, name: str) -> list[tuple]:
    """The data frame as the Excel sheet's cell rows (header rows + label columns A-D)."""
    codes = dict(zip(df["RNr"].tolist(), df["IndustryCode"].astype(str).tolist(), strict=False))
    hc, hi = [None] * 4, [None] * 4
    for col in df.columns[len(LABELS) :]:
        m = re.fullmatch(r"([A-Z]{3})(\d+)", str(col))
        if str(col) == "TOT":
            hc.append("TOT")
            hi.append("GO")
        elif m and int(m.group(2)) in FD_NUMBERS:
            hc.append(m.group(1))
            hi.append(FD_NUMBERS[int(m.group(2))])
        elif m and int(m.group(2)) in codes:
            hc.append(m.group(1))
            hi.append(codes[int(m.group(2))])
        else:
            raise fail(name, WIOD2016.title, f"column {col!r} is not CTYnn or TOT")
    values = df[df.columns[len(LABELS) :]].to_numpy(np.float64)
    lab = df[["IndustryCode", "IndustryDescription", "Country", "RNr"]].astype(str).to_numpy()
    totals = lab[:, 2] == "TOT"  # value-added and total rows: NA cells are blanks (zeros)
    values = values.astype(object)
    values[totals] = np.where(np.isnan(values[totals].astype(float)), None, values[totals])
    rows = [tuple(hi), tuple(hc)]
    rows += [tuple(lab[k]) + tuple(values[k]) for k in range(len(df))]
    return rows


def _is_rdata(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".rdata", ".rda")


def read_wiod2016(path: str | Path, year: int | None = None) -> IcioTable:
    """The release's R data files (an ``.RData`` or a zip of them), else its sheet (.xlsb,
    .xlsx)."""
    xlsx = Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xlsb")
    if not xlsx and (_is_rdata(path) or zipfile.is_zipfile(path)):
        return read_wiot_rdata(path, year)
    return read_wiot_sheet(path, "wiod2016")


def any_rdata(probe: Probe) -> bool:
    """An R data file that is not WIOD 2013's, or a zip holding R data files."""
    return probe.kind == "rdata" or (
        probe.kind == "zip" and any(n.lower().endswith(".rdata") for n in probe.names)
    )


TABLE_FORMAT = TableFormat(
    name="wiod2016",
    title="WIOD 2016",
    expected="a WIOD 2016 xlsb / xlsx / R data file (rows II_fob..GO, column GO)",
    detect=lambda probe: is_sheet_of(WIOD2016, probe),
    fallback=any_rdata,
    read=read_wiod2016,
)
