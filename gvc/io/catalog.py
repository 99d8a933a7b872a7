"""``gvc.icio(source, year, groups=...)``: a ready ``ICIO`` from a registry source in one call.

Where the processed cache has the table (``gvc build icio_wiod2013`` writes WIOD 2013 years to
``data/processed/icio/``) it is read from there; otherwise the raw file is located (local data,
then the mirror, then a download from the registry URL) and parsed by ``gvc.sources``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gvc.errors import ValidationError

YEARS = {
    "wiod2013": tuple(range(1995, 2012)),
    "wiod2016": tuple(range(2000, 2015)),
    "oecd-icio": tuple(range(1995, 2021)),
    "adb-mrio": (2000, *range(2007, 2023)),
    "eora26": tuple(range(1990, 2017)),
    "exiobase3": tuple(range(1995, 2023)),
    "exiobase3-pxp": tuple(range(1995, 2023)),
    "figaro": tuple(range(2010, 2023)),
}
"""Years each source covers (OECD ICIO: 2023 edition)."""


def _raw_path(source: str, year: int, mirror=None):
    """The located raw file for ``year``, its SHA-256 and registry key (the checksum is recorded
    by ``icio`` once the file has parsed, so a damaged file leaves nothing behind)."""
    from gvc.sources.acquire import locate
    from gvc.sources.registry import SOURCES

    if source == "oecd-icio":
        f = next(
            f
            for f in SOURCES[source].files
            if int(f.name[9:13]) <= year <= int(f.name[14:18])  # ICIO2023_1995-2000.zip
        )
    else:
        name = {
            "wiod2016": "wiot_r_Nov16.zip",
            "adb-mrio": f"ADB-MRIO-{year}.xlsx",
            "eora26": f"Eora26_{year}_bp.zip",
            "exiobase3": f"IOT_{year}_ixi.zip",
            "exiobase3-pxp": f"IOT_{year}_pxp.zip",
            "figaro": f"matrix_eu-ic-io_ind-by-ind_24ed_{year}.csv",
        }[source]
        registry = "exiobase3" if source.startswith("exiobase3") else source
        f = next(f for f in SOURCES[registry].files if f.name == name)
    loc = locate(f, mirror)
    return loc.path, loc.sha256, f.key


def record(key: str, sha256: str) -> None:
    """Unpinned sources have no checksum in the registry: the first one seen is recorded in
    ``data/processed/icio/CHECKSUMS.json`` (written atomically); a later file with another
    checksum (a new vintage, or a damaged copy) is used with a warning and recorded."""
    import json
    import warnings

    from gvc import config
    from gvc.panels.store import write_text

    path = config.processed_dir() / "icio" / "CHECKSUMS.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if known.get(key) == sha256:
        return
    if key in known:
        warnings.warn(
            f"{key}: SHA-256 {sha256[:12]} differs from the one recorded at first use "
            f"({known[key][:12]}); a new vintage of an unpinned source? Recording the new one.",
            stacklevel=3,
        )
    known[key] = sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(dict(sorted(known.items())), indent=1) + "\n")


def _wiod2013(year: int, mirror=None):
    from gvc import config
    from gvc.panels import icio_cache
    from gvc.sources import wiod2013
    from gvc.sources.icio_table import IcioTable

    cached = config.processed_dir() / icio_cache.relpath("wiod2013", year)
    if cached.exists():
        w, origin = icio_cache.load_wiod(year), str(cached)
    else:
        from gvc.sources.acquire import locate
        from gvc.sources.registry import raw_file

        origin = locate(raw_file("wiod2013", f"wiot_{year}.RData"), mirror).path
        w = wiod2013.read_wiot(origin)
    return IcioTable(
        "wiod2013", str(origin), year, "millions of current USD", w.countries, w.industries,
        w.Z, w.F_by_country, w.x, wiod2013.FD_CATEGORIES, {},
        {c: f"{code} {name}" for c, (code, name) in wiod2013.INDUSTRIES.items()},
    )  # fmt: skip


def icio(
    source: str,
    year: int,
    groups: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    mirror=None,
    **options,
):
    """The ``ICIO`` of ``source`` (``wiod2013``, ``wiod2016``, ``oecd-icio``, ``adb-mrio``,
    ``eora26`` (thousands of USD), ``exiobase3`` / ``exiobase3-pxp`` and ``figaro`` (millions of
    EUR)) for ``year``, with ``groups`` (built-in names such as ``["EU27", "USMCA"]``, World Bank
    income groups of that year ``"WB:H"``, ``"WB:UM"``, ``"WB:LM"``, ``"WB:L"`` and regions
    ``"WB:EAP"`` ... ``"WB:SSA"`` (``gvc.panels.wb_groups``; needs ``gvc build income_groups
    countries``), or a mapping) merged after inversion. E.g. ``gvc.icio("wiod2013", 2011,
    groups=["EU27"])``. Options go to ``gvc.io.read.icio_from_table`` (``splits=``) and ``ICIO``;
    ``eora_row=`` to the Eora26 reader (see ``gvc.read_icio``).
    Values in the source's unit (``io.meta["unit"]``)."""
    from gvc.io.read import icio_from_table

    if source not in YEARS:
        raise ValidationError(f"unknown table source {source!r}; known: {', '.join(YEARS)}")
    if year not in YEARS[source]:
        ys = YEARS[source]
        raise ValidationError(f"{source} covers {ys[0]}-{ys[-1]} ({len(ys)} years); not {year}")
    if source == "wiod2013":
        options.setdefault("negative_va", "ignore")  # a few WIOD sectors have negative VA
        table = _wiod2013(year, mirror)
    else:
        from gvc.sources.icio_files import read_table

        path, sha, key = _raw_path(source, year, mirror)
        eora_row = options.pop("eora_row", "fold")
        table = read_table(path, year, eora_row=eora_row)
        record(key, sha)
    io = icio_from_table(table, groups, **options)
    if source != "wiod2013":
        io.meta["sha256"] = sha
    return io
