"""Hosts found unreachable in this process, so an offline run makes one short connection attempt
per host rather than one (with retries) per file.

Entries expire after :data:`TTL_S`, so a long session (a notebook) that reconnects recovers by
itself.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

TTL_S = 120.0
_UNREACHABLE: dict[str, tuple[float, str]] = {}  # host -> (monotonic time, reason)


def host(url: str) -> str:
    """``scheme://netloc`` of ``url``."""
    u = urlsplit(url)
    return f"{u.scheme}://{u.netloc}"


def unreachable(h: str) -> str | None:
    """Why host ``h`` was found unreachable (None: not known to be)."""
    hit = _UNREACHABLE.get(h)
    if hit and time.monotonic() - hit[0] < TTL_S:
        return hit[1]
    _UNREACHABLE.pop(h, None)
    return None


def mark_unreachable(url: str, exc: BaseException, timeout_s: float) -> str:
    """Remember ``url``'s host as unreachable; return a short reason from ``exc``."""
    reason = connect_failure(exc, timeout_s)
    _UNREACHABLE[host(url)] = (time.monotonic(), reason)
    return reason


def clear() -> None:
    """Forget every unreachable host (tests; or after reconnecting)."""
    _UNREACHABLE.clear()


def connect_failure(exc: BaseException, timeout_s: float) -> str:
    """A short reason for a failed connection (urllib3 nests the cause several levels deep)."""
    seen, e = [], exc
    while e is not None and len(seen) < 8:
        seen.append(e)
        nxt = getattr(e, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
        e = nxt or e.__cause__ or e.__context__
    names = " ".join(type(x).__name__ for x in seen)
    if "NameResolution" in names or "gaierror" in names:
        return "the host name cannot be resolved (no network or no DNS)"
    if "ConnectionRefused" in names:
        return "connection refused"
    if "Timeout" in names:
        return f"no answer within {timeout_s:g} s"
    return " ".join(str(seen[-1]).split())[:120] or type(seen[-1]).__name__
