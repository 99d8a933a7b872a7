"""Which published input-output format a file is, and the parser that reads it.

Formats: OECD ICIO (CSV, or the published zip of CSVs), ADB MRIO (xlsx), WIOD 2016 (xlsx
world input-output table, or the release's R data files ``WIOTyyyy_October16_ROW.RData``, also
inside ``wiot_r_Nov16.zip``), WIOD 2013 (``wiot_YYYY.RData`` of the R package wiod), Eora26 (zip of ``_T/_FD/_VA.txt`` with ``labels_*.txt``),
EXIOBASE 3 (``IOT_YYYY_ixi.zip`` / ``_pxp.zip``) and FIGARO (Eurostat matrix CSV, ``rowLabels``). Detection looks at labels only (header row, label columns), never at
the file name, so renamed files are recognised.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from gvc.errors import DataError
from gvc.sources.icio_table import EXPECTED, IcioTable

FORMATS = ("oecd-icio", "adb-mrio", "wiod2016", "wiod2013", "eora26", "exiobase3", "figaro")


def detect(path: str | Path) -> str:
    """The format of ``path`` (one of ``FORMATS``); a one-line error naming what was expected."""
    path = Path(path)
    if path.is_dir():  # an extracted Eora26 or EXIOBASE 3 zip
        from gvc.sources.bundle import Bundle
        from gvc.sources.eora26 import is_eora_zip
        from gvc.sources.exiobase3 import is_exiobase_zip

        names = Bundle(path).names()
        if is_eora_zip(names):
            return "eora26"
        if is_exiobase_zip(names):
            return "exiobase3"
        raise DataError(
            f"{path}: a folder of none of the known layouts (first file "
            f"{names[0] if names else None!r}); expected an extracted Eora26 or EXIOBASE 3 zip"
        )
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    if path.suffix.lower() == ".xls":
        raise DataError(
            f"{path}: {path.suffix} workbooks are not read; save the sheet as .xlsx, or for WIOD "
            "2016 use the release's .xlsb or R data files (wiot_r_Nov16.zip, source wiod2016)"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb"):
        from gvc.sources.wiot_sheet import detect_sheet

        return detect_sheet(path)
    if _is_rdata(path):
        from gvc.sources.wiod2013 import is_wiod2013_rdata

        return "wiod2013" if is_wiod2013_rdata(path) else "wiod2016"
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile as exc:
            raise DataError(f"{path}: damaged zip archive ({exc})") from exc
        from gvc.sources.eora26 import is_eora_zip
        from gvc.sources.exiobase3 import is_exiobase_zip

        if is_eora_zip(names):
            return "eora26"
        if is_exiobase_zip(names):
            return "exiobase3"
        csvs = [n for n in names if n.lower().endswith(".csv")]
        if csvs:
            from gvc.sources.figaro import FIRST_LABEL, first_header

            return "figaro" if first_header(path, csvs[0]) == FIRST_LABEL else "oecd-icio"
        if any(n.lower().endswith(".rdata") for n in names):
            return "wiod2016"
        files = [n for n in names if not n.endswith("/")]
        if files and all(n.lower().endswith(".zip") for n in files) and _inner_csv(path, files[0]):
            return "oecd-icio"  # the November 2023 release: one zip per period
        first = next((n for n in names if not n.endswith("/")), None)
        raise DataError(
            f"{path}: a zip of none of the known layouts (first member {first!r}); expected "
            f"{EXPECTED}"
        )
    import csv

    from gvc.sources.oecd_icio import is_oecd_header

    try:
        with open(path, encoding="utf-8-sig", errors="strict") as fh:
            header = next(csv.reader([fh.readline()]), [])
    except UnicodeDecodeError:
        header = []
    if header and is_oecd_header(header):
        return "oecd-icio"
    from gvc.sources.figaro import FIRST_LABEL

    if header and header[0].strip() == FIRST_LABEL:
        return "figaro"
    first = next((h for h in header[1:] if h.strip()), None)
    what = f"first column label {first!r}" if first else "no comma-separated header row"
    from gvc.sources.oecd_icio import SECTOR

    labels = [h.strip() for h in header[1:] if h.strip()]
    if labels and all(SECTOR.match(h) or "_" in h for h in labels[:20]):
        raise DataError(
            f"{path}: not a published input-output table ({what}, no output column): it looks "
            "like your own Z table; read it with gvc.read_icio(z=..., final=..., x=...) or "
            "`gvc io decompose --z Z.csv --final F.csv [--x x.csv]`"
        )
    raise DataError(f"{path}: not a recognised input-output table ({what}); expected {EXPECTED}")


def _inner_csv(path: Path, member: str) -> bool:
    """True when the zip ``member`` of ``path`` holds a CSV whose header is an OECD ICIO one."""
    import csv
    import io

    from gvc.sources.oecd_icio import is_oecd_header

    try:
        with zipfile.ZipFile(path) as zf, zipfile.ZipFile(io.BytesIO(zf.read(member))) as inner:
            csvs = [n for n in inner.namelist() if n.lower().endswith(".csv")]
            if not csvs:
                return False
            with inner.open(csvs[0]) as fh:
                line = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace").readline()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    return is_oecd_header(next(csv.reader([line]), []))


def _is_rdata(path: Path) -> bool:
    return Path(path).suffix.lower() in (".rdata", ".rda")


def read_table(
    path: str | Path, year: int | None = None, fmt: str | None = None, eora_row: str = "fold"
) -> IcioTable:
    """Read ``path`` with the parser of its (detected or given) format (``eora_row``: see
    :func:`gvc.sources.eora26.read_eora26`)."""
    fmt = fmt or detect(path)
    if fmt == "oecd-icio":
        from gvc.sources.oecd_icio import read_oecd_icio

        return read_oecd_icio(path, year)
    if fmt == "eora26":
        from gvc.sources.eora26 import read_eora26

        return read_eora26(path, year, row=eora_row)
    if fmt == "exiobase3":
        from gvc.sources.exiobase3 import read_exiobase3

        return read_exiobase3(path, year)
    if fmt == "wiod2013":
        from gvc.sources.wiod2013 import read_wiot_table

        return read_wiot_table(path)
    if fmt == "figaro":
        from gvc.sources.figaro import read_figaro

        return read_figaro(path, year)
    xlsx = Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xlsb")
    if fmt == "wiod2016" and not xlsx and (_is_rdata(path) or zipfile.is_zipfile(path)):
        from gvc.sources.wiod2016 import read_wiot_rdata

        return read_wiot_rdata(path, year)
    if fmt in ("adb-mrio", "wiod2016"):
        from gvc.sources.wiot_sheet import read_wiot_sheet

        return read_wiot_sheet(path, fmt)
    raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
