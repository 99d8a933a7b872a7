"""Cache of inter-country input-output tables as Parquet, for fast reuse by the IO engine.

One file per year, ``data/processed/icio/<source>/<source>_<year>.parquet``: one row per
supplying sector (``sector`` = ``ISO3_industry``, in table order, with ``row`` its position),
then the intermediate-use columns ``Z|<sector>``, final-demand columns ``F|<ISO3>|<category>``
and ``output``. Units as in the source (WIOD: millions of current USD).

Keyed by content (issue 24, item 3): each file's Parquet key-value metadata holds the source, the
year it holds and the raw file it was built from with that file's SHA-256 (``gvc.year``,
``gvc.raw_file``, ``gvc.raw_sha256``; no times, no absolute paths). :func:`load_wiod` checks
them on every read, with the raw file found locally or in the mirror (hashed once per path, size
and modification time): a file holding another year, built from another raw file, or written by
an older gvc without the key is rebuilt from the raw file with a one-line warning, or, when the
raw file is not at hand, is a one-line error saying to run ``gvc build icio_wiod2013``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gvc import config
from gvc.errors import DataError
from gvc.sources import wiod2013

SOURCE = "wiod2013"
BUILD = "run `gvc build icio_wiod2013`"


def to_frame(w: wiod2013.WIOT, raw: str | Path | None = None) -> pd.DataFrame:
    """One year as the cache's frame; ``raw`` (the ``wiot_YYYY.RData`` it was read from) puts
    the raw file's name and SHA-256 into the frame's key (``df.attrs["gvc"]``)."""
    labels = w.sector_labels
    fd = [f"F|{c}|{k}" for c in w.countries for k in wiod2013.FD_CATEGORIES]
    data = np.hstack([w.Z, w.F, w.x[:, None]])
    df = pd.DataFrame(data, columns=[f"Z|{s}" for s in labels] + fd + ["output"])
    df.insert(0, "sector", pd.array(labels, dtype="string"))
    df.insert(0, "row", np.arange(len(labels), dtype="int64"))
    key = {"source": SOURCE, "year": str(w.year)}
    if raw is not None:
        from gvc.sources.acquire import sha256_of

        key |= {"raw_file": f"{SOURCE}/{Path(raw).name}", "raw_sha256": sha256_of(raw)}
    df.attrs["gvc"] = key
    return df


def from_frame(df: pd.DataFrame, year: int) -> wiod2013.WIOT:
    df = df.sort_values("row")
    labels = df["sector"].tolist()
    countries = tuple(dict.fromkeys(s.split("_", 1)[0] for s in labels))
    industries = tuple(dict.fromkeys(s.split("_", 1)[1] for s in labels))
    zcols = [f"Z|{s}" for s in labels]
    fcols = [c for c in df.columns if c.startswith("F|")]
    return wiod2013.WIOT(
        year,
        countries,
        industries,
        df[zcols].to_numpy(np.float64),
        df[fcols].to_numpy(np.float64),
        df["output"].to_numpy(np.float64),
    )


def relpath(source: str, year: int) -> str:
    return f"icio/{source}/{source}_{year}.parquet"


def raw_entry(year: int):
    """The registry entry of the raw file of ``year`` (``wiot_YYYY.RData``)."""
    from gvc.sources.registry import raw_file

    return raw_file(SOURCE, f"wiot_{year}.RData")


def raw_at_hand(year: int, mirror=None) -> Path | None:
    """Where the raw file of ``year`` is (``data/raw``, then the mirror), or None; never
    downloads."""
    from gvc.sources.acquire import candidates

    return next((p for _, p in candidates(raw_entry(year), mirror) if p.is_file()), None)


def stale(p: Path, year: int, mirror=None) -> str | None:
    """Why cache file ``p`` is not the table of ``year`` built from the raw file at hand, or
    None. Reads the footer only; the raw file is hashed once per path, size and mtime."""
    from gvc.panels.store import gvc_metadata, mismatch
    from gvc.sources.acquire import sha256_of

    key = gvc_metadata(p)
    if not key.get("raw_sha256") or not key.get("year"):
        return "has no content key (written by an older gvc)"
    if key["year"] != str(year) or key.get("source") != SOURCE:
        return f"holds {key.get('source')} {key['year']}, not {SOURCE} {year}"
    raw = raw_at_hand(year, mirror)
    if raw is not None and (sha := sha256_of(raw)) != key["raw_sha256"]:
        return (
            f"was built from a {raw.name} with SHA-256 {key['raw_sha256'][:12]}, but {raw} "
            f"now has {sha[:12]}"
        )
    return mismatch(p, key)


def load_wiod(year: int, mirror=None) -> wiod2013.WIOT:
    """Read one cached WIOD 2013 year (run ``gvc build icio_wiod2013`` first), checked against
    its key (:func:`stale`): a stale file is rebuilt from the raw file when it is at hand."""
    from gvc.panels.load import read_processed

    p = config.processed_dir() / relpath(SOURCE, year)
    if not p.exists():
        raise DataError(f"{p} is missing; {BUILD} (or `make build`) first")
    try:
        problem = stale(p, year, mirror)
    except Exception:  # noqa: BLE001 - unreadable: read_processed names the file and the fix
        return from_frame(read_processed(p, "icio_wiod2013"), year)
    if problem is None:  # checked just now
        return from_frame(read_processed(p, "icio_wiod2013", check=False), year)
    if raw_at_hand(year, mirror) is None:
        raise DataError(f"{p} {problem}; {BUILD} to rebuild it")
    return rebuild(p, year, mirror, problem)


def rebuild(p: Path, year: int, mirror, problem: str) -> wiod2013.WIOT:
    """Read the raw file of ``year`` (verified against the registry), rewrite cache file ``p``
    and its SHA-256 in ``MANIFEST.json`` (when writable), warn in one line, return the year."""
    import warnings

    from gvc.errors import user_stacklevel
    from gvc.panels import store
    from gvc.sources.acquire import locate

    raw = locate(raw_entry(year), mirror, download=False).path
    w = wiod2013.read_wiot(raw)
    if w.year != year:
        raise DataError(f"{raw} holds year {w.year}, not {year}")
    done = f"rebuilt it from {raw}"
    try:
        with store.build_lock():
            sha = store.write_parquet(to_frame(w, raw), p, key=["row"])
            manifest = store.read_manifest()
            outputs = manifest["tables"].get("icio_wiod2013", {}).get("outputs", [])
            rel = relpath(SOURCE, year)
            if any(o["file"] == rel for o in outputs):
                for o in outputs:
                    if o["file"] == rel:
                        o["sha256"] = sha
                store.write_manifest(manifest)
    except OSError as exc:
        done = f"read {raw} instead (the cache could not be rewritten: {exc.strerror or exc})"
    warnings.warn(f"{p} {problem}; {done}", stacklevel=user_stacklevel())
    return w


def build_wiod(paths: dict[str, Path]) -> dict[str, pd.DataFrame]:
    from gvc.progress import track

    out = {}
    for year in track(wiod2013.YEARS, description="Reading WIOD tables"):
        w = wiod2013.read_wiot(paths[f"wiot_{year}.RData"])
        if w.year != year:
            raise DataError(f"wiot_{year}.RData holds year {w.year}")
        out[relpath(SOURCE, year)] = to_frame(w, paths[f"wiot_{year}.RData"])
    return out
