"""Acquisition of raw files: local ``data/raw`` -> local mirror (``GVC_MIRROR``) -> HTTPS download.

Raw files are never modified. Files found in the mirror are read in place (not copied). Downloads
go to ``data/raw/<source>/`` through a hidden per-process ``.part`` file that is renamed only
after its content is verified (checksum for pinned sources; HTML, format, header and row count for
all, see :mod:`gvc.sources.content`), so an interrupted or rejected download never leaves a file
under the final name; rejected and interrupted parts are deleted (a killed run's parts at the next
download into that folder). An unreachable host is tried once per run, so offline is quick.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gvc import config
from gvc.errors import AcquisitionError, DataError
from gvc.sources import content, hosts, partfiles, vintage
from gvc.sources.registry import SOURCES, RawFile

log = logging.getLogger(__name__)

TIMEOUT_S = 60
"""Seconds to wait for data once connected."""
CONNECT_TIMEOUT_S = 5
"""Seconds for the connection check: an unreachable host fails fast (and only once per run)."""
RETRIES = 4
BACKOFF_S = 2.0


@dataclass(frozen=True)
class Located:
    """Where a raw file was found and whether its checksum matched the registry."""

    file: RawFile
    path: Path
    origin: str  # "local", "mirror" or "download"
    sha256: str
    verified: bool  # True: equals the registry checksum


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file (cached per path, size and modification time)."""
    p = Path(path)
    st = p.stat()
    return _sha256_cached(str(p.resolve()), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=512)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check(f: RawFile, path: Path, origin: str) -> Located:
    digest = sha256_of(path)
    if f.sha256 is None or digest == f.sha256:
        return Located(f, path, origin, digest, f.sha256 is not None)
    if SOURCES[f.source].pinned:
        raise DataError(
            f"{path}: checksum mismatch for {f.key} (expected SHA-256 {f.sha256}, found {digest}). "
            "The file is corrupt, truncated or a different release; delete it and fetch it again "
            "(`gvc data fetch " + f.source + "`)."
        )
    if origin == "download" or os.environ.get("GVC_ACCEPT_NEW_VINTAGE") == "1":
        # a fresh download from the publisher (complete: its length was checked) or a vintage
        # the user accepted explicitly, if plausible next to the last accepted one (see
        # gvc.sources.vintage); its checksum and statistics go into MANIFEST.json
        log.warning(
            "%s: newer vintage than the registry's (SHA-256 %s); using it", path, digest[:12]
        )
        if origin != "download":  # a download was checked before it got its name
            vintage.check(f.key, f.source, path, digest)  # plausible next to the last vintage?
        return Located(f, path, origin, digest, False)
    raise DataError(
        f"{path}: checksum differs from the registry's for {f.key} (expected SHA-256 {f.sha256}, "
        f"found {digest}). The file may be truncated or edited. If it is a newer vintage you "
        "placed on purpose, set GVC_ACCEPT_NEW_VINTAGE=1; otherwise delete it and fetch it "
        f"again (`gvc data fetch {f.source}`)."
    )


def candidates(f: RawFile, mirror: str | os.PathLike | None = None) -> list[tuple[str, Path]]:
    """Places a raw file may already be, in the order they are consulted."""
    out = [("local", config.raw_dir(f.source) / f.name)]
    m = config.mirror_dir(mirror)
    if m is not None:
        out.append(("mirror", m / f.source / f.name))
    return out


def locate(f: RawFile, mirror: str | os.PathLike | None = None, download: bool = True) -> Located:
    """Find (or download) one raw file and verify it; raise a helpful error when impossible."""
    for origin, path in candidates(f, mirror):
        if path.is_file():
            return _check(f, path, origin)
    if download and f.url:
        dest = config.raw_dir(f.source) / f.name
        _download(f, dest)
        return _check(f, dest, "download")
    why = "no download address" if not f.url else "downloads are off"
    exc = AcquisitionError(
        f"{f.key}: not in data/raw or the mirror, and {why}.\n" + missing_message([f], mirror)
    )
    exc.reason = f"not in data/raw or the mirror; {why}"
    raise exc


def missing_message(
    files: list[RawFile], mirror=None, reasons: dict[str, str] | None = None
) -> str:
    """A message naming each missing file, where it comes from, where to put it and (with
    ``reasons``: file key -> why) why it could not be acquired."""
    n = len(files)
    lines = [f"{n} raw data file{'s are' if n != 1 else ' is'} missing (none of them was changed):"]
    for f in files:
        src = SOURCES[f.source]
        where = f.url or src.landing_url
        lines.append(f"  - {f.key}: from {where}")
        lines.append(f"      save as {config.raw_dir(f.source) / f.name}")
        if reasons and reasons.get(f.key):
            lines.append(f"      ({reasons[f.key]})")
        if src.how_to_get:
            lines.append(f"      {src.how_to_get}")
    m = config.mirror_dir(mirror)
    lines.append(
        "Supply them by (a) connecting to the internet and running `gvc data fetch`, "
        f"(b) setting GVC_MIRROR to a local mirror (now: {m or 'unset'}), or "
        f"(c) copying the files into {config.raw_dir()}/<source>/."
    )
    return "\n".join(lines)


def _failed(f: RawFile, reason: str, remedy: str = "") -> AcquisitionError:
    """An acquisition error for ``f``: the file, the reason (kept short for lists of missing
    files as ``exc.reason``) and the remedy."""
    exc = AcquisitionError(
        f"{f.key} ({f.url}): {reason}; {remedy or 'see below'}.\n" + missing_message([f])
    )
    exc.reason = reason
    return exc


class _Rejected(Exception):
    """The server answered, but not with the file (an HTML page, a wrong content type)."""


def _download(f: RawFile, dest: Path) -> None:
    """Download ``f.url`` to ``dest`` atomically and verify what arrived.

    One short connection check per host (:data:`CONNECT_TIMEOUT_S`); retries with backoff for
    dropped or incomplete transfers; HTML pages and wrong formats rejected at once. Whatever is
    rejected is deleted: nothing but a verified file ever appears in ``data/raw``.
    """
    import requests

    host = hosts.host(f.url)
    reason = hosts.unreachable(host)
    if reason:
        raise _failed(f, f"{host} is not reachable: {reason}", "no download was tried")
    partfiles.remove_stale(dest.parent)
    part = partfiles.part_name(dest)
    try:
        _fetch(f, part, requests)
        if f.archive_member:
            tmp = _extract_member(part, f, dest)
            part.unlink()
        else:
            tmp = part
        _verify_before_rename(f, tmp)  # pinned: the checksum decides
        _verify_content(f, tmp)
        _verify_vintage(f, tmp)
        os.replace(tmp, dest)
    finally:
        for p in (part, dest.with_name(f".{dest.name}.{os.getpid()}.tmp")):
            p.unlink(missing_ok=True)


def _fetch(f: RawFile, part: Path, requests) -> None:
    last: Exception | None = None
    for attempt in range(1, RETRIES + 1):
        connected = False
        try:
            headers = {"Accept-Encoding": "identity"}  # the file's own bytes, if the server lets us
            have = part.stat().st_size if part.exists() and not f.archive_member else 0
            if have:
                headers["Range"] = f"bytes={have}-"
            with requests.get(
                f.url, stream=True, timeout=(CONNECT_TIMEOUT_S, TIMEOUT_S), headers=headers
            ) as r:
                connected = True
                if r.status_code == 416:  # already complete
                    return
                r.raise_for_status()
                rh = getattr(r, "headers", {}) or {}
                ctype = str(rh.get("Content-Type", "")).lower()
                if "html" in ctype and not f.name.lower().endswith((".html", ".htm")):
                    raise _Rejected(f"the server sent an HTML page (Content-Type: {ctype})")
                # gzip/deflate transfer encoding (sent even when not asked for): requests decodes
                # it, and Content-Length counts the encoded bytes on the wire
                coding = str(rh.get("Content-Encoding", "")).strip().lower()
                encoded = coding not in ("", "identity")
                if encoded and have:  # a byte range of encoded data cannot be appended: restart
                    part.unlink(missing_ok=True)
                    raise requests.ConnectionError(f"the server sends {coding}; restarting")
                mode = "ab" if have and r.status_code == 206 else "wb"
                part.parent.mkdir(parents=True, exist_ok=True)  # only once the host answered
                got = 0
                with open(part, mode) as fh:
                    for chunk in r.iter_content(1 << 20):
                        if got == 0 and mode == "wb" and content.looks_like_html(chunk[:512]):
                            raise _Rejected("the server sent an HTML page, not the data file")
                        fh.write(chunk)
                        got += len(chunk)
                expected = rh.get("Content-Length")
                on_wire = r.raw.tell() if encoded else got
                if expected is not None and on_wire != int(expected):
                    raise requests.ConnectionError(
                        f"incomplete download: {on_wire} of {expected} bytes"
                    )
            return
        except _Rejected as exc:
            raise _failed(
                f, f"rejected: {exc}", "the download was deleted; check the address in a browser"
            ) from None
        except requests.RequestException as exc:
            last = exc
            if not connected and isinstance(exc, (requests.ConnectionError, requests.Timeout)):
                reason = hosts.mark_unreachable(f.url, exc, CONNECT_TIMEOUT_S)
                raise _failed(f, f"cannot connect to {hosts.host(f.url)}: {reason}") from None
            log.warning("download of %s failed (attempt %d/%d): %s", f.url, attempt, RETRIES, exc)
            if attempt < RETRIES:
                time.sleep(BACKOFF_S * 2 ** (attempt - 1))
    detail = " ".join(str(last).split())[:160]
    raise _failed(
        f, f"incomplete after {RETRIES} attempts ({detail})", "the partial download was deleted"
    )


def _verify_content(f: RawFile, tmp: Path) -> None:
    """Format, header and row count (see :mod:`gvc.sources.content`); rejected files are deleted."""
    why = content.problem(f.source, f.name, tmp)
    if why:
        tmp.unlink(missing_ok=True)
        raise _failed(f, f"rejected: {why}", "the download was deleted; try again later")


def _verify_vintage(f: RawFile, tmp: Path) -> None:
    """A new vintage of a revised-in-place file must be plausible next to the last accepted one
    (:mod:`gvc.sources.vintage`); an implausible one is deleted."""
    if f.sha256 is None or SOURCES[f.source].pinned:
        return
    digest = sha256_of(tmp)
    if digest == f.sha256:
        return
    try:
        vintage.check(f.key, f.source, tmp, digest, download=f.url)
    except DataError:
        tmp.unlink(missing_ok=True)
        raise


def _verify_before_rename(f: RawFile, tmp: Path) -> None:
    """A pinned file whose download does not match its checksum never gets its final name."""
    if f.sha256 is None or not SOURCES[f.source].pinned:
        return
    digest = sha256_of(tmp)
    if digest != f.sha256:
        tmp.unlink(missing_ok=True)
        raise DataError(
            f"download of {f.key} from {f.url}: checksum mismatch (expected SHA-256 {f.sha256}, "
            f"got {digest}); the download was discarded. Try again later, or supply the file."
        )


def _extract_member(zip_path: Path, f: RawFile, dest: Path) -> Path:
    """Extract the registry's member (or the member whose name matches its prefix) from a zip."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as exc:
        raise _failed(f, f"rejected: not a valid zip archive ({exc})", "it was deleted") from exc
    try:
        with zf:
            return _write_member(zf, f, dest)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _failed(
            f, f"rejected: the zip archive is damaged or cut off ({exc})", "it was deleted"
        ) from exc


def _write_member(zf: zipfile.ZipFile, f: RawFile, dest: Path) -> Path:
    names = zf.namelist()
    want = f.archive_member
    stem = want.split("_DS2")[0]
    match = [n for n in names if Path(n).name == want] or [
        n for n in names if Path(n).name.startswith(stem)
    ]
    if not match:
        raise _failed(f, f"rejected: the archive has no member like '{want}' (has {names[:5]})")
    data = zf.read(match[0])
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    return tmp


def status(mirror=None) -> list[dict]:
    """One row per registered file: where it is and whether its checksum verifies."""
    rows = []
    for src in SOURCES.values():
        if src.licensed:
            user = sorted(p.name for p in config.raw_dir(src.id).glob("*") if p.is_file())
            rows.append(
                {
                    "source": src.id,
                    "file": ", ".join(user) or "(user-supplied)",
                    "state": "present" if user else "missing (licensed)",
                    "origin": "local" if user else "",
                }
            )
            continue
        for f in src.files:
            row = {"source": f.source, "file": f.name, "state": "missing", "origin": ""}
            for origin, path in candidates(f, mirror):
                if path.is_file():
                    digest = sha256_of(path)
                    ok = f.sha256 is None or digest == f.sha256
                    row.update(state="verified" if ok else "checksum differs", origin=origin)
                    break
            rows.append(row)
    return rows


def status_summary(rows: list[dict], needed: set[str], show_all: bool = False) -> list[tuple]:
    """``(source, files, state, origin)`` lines for ``gvc data status``: first the sources
    ``make reproduce`` needs (keys ``source/file`` in ``needed``), one line per source when all
    its files are verified, else one line per file not verified; then one line per optional
    (on-demand) source and per licensed source. ``show_all``: one line per file, as
    :func:`status`."""
    if show_all:
        return [(r["source"], r["file"], r["state"], r["origin"]) for r in rows]
    out: list[tuple] = []
    by_source: dict[str, list[dict]] = {}
    for r in rows:
        by_source.setdefault(r["source"], []).append(r)
    optional = []
    for sid, rs in by_source.items():
        src = SOURCES[sid]
        need = [r for r in rs if f"{sid}/{r['file']}" in needed]
        if src.licensed:
            optional.append((sid, rs[0]["file"], rs[0]["state"] + " (optional)", rs[0]["origin"]))
        elif need:
            bad = [r for r in need if r["state"] != "verified"]
            origins = ", ".join(sorted({r["origin"] for r in need if r["origin"]}))
            if not bad:
                out.append((sid, f"{len(need)} file(s)", "verified", origins))
            else:
                out += [(sid, r["file"], r["state"], r["origin"]) for r in bad[:8]]
                if len(bad) > 8:
                    out.append((sid, f"... {len(bad) - 8} more", "not verified", ""))
                if len(need) > len(bad):
                    out.append((sid, f"{len(need) - len(bad)} other file(s)", "verified", origins))
        else:
            ok = sum(r["state"] == "verified" for r in rs)
            optional.append(
                (sid, f"{ok} of {len(rs)} file(s)", f"optional: gvc data fetch {sid}", "")
            )
    return out + optional


def short_reason(exc: Exception) -> str:
    """The per-file reason of an acquisition error, without the help text."""
    return getattr(exc, "reason", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
