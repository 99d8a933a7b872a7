"""The data availability statement (AEA style), generated from the source registry and from what
is actually present on this machine."""

from __future__ import annotations

from gvc.sources.acquire import status
from gvc.sources.registry import SOURCES


def data_availability_markdown(mirror=None) -> str:
    """Markdown: per source publisher, URL, licence, citation, and files present/verified."""
    rows = status(mirror)
    lines = [
        "| source | publisher | where | licence | citation | files here |",
        "|---|---|---|---|---|---|",
    ]
    for sid, src in SOURCES.items():
        mine = [r for r in rows if r["source"] == sid]
        ok = sum(r["state"] == "verified" for r in mine)
        have = (
            "user-supplied: "
            + (
                "present"
                if mine and mine[0]["state"] == "present"
                else "absent (licensed; see how to get it)"
            )
            if src.licensed
            else f"{ok} of {len(mine)} verified"
        )
        lines.append(
            f"| `{sid}` | {src.publisher} | {src.landing_url} | {src.licence} | {src.citation} "
            f"| {have} |"
        )
    notes = [s for s in SOURCES.values() if s.how_to_get]
    if notes:
        lines.append("")
        for s in notes:
            lines.append(f"- `{s.id}`: {s.how_to_get}")
    lines += [
        "",
        "Not publicly available and not used: IFR robot stocks by country x industry x year "
        "(licensed), OECD TiVA indicator tables, multi-country Comtrade robot trade, and AI patent "
        "counts by country after 2019. Claims needing them report `data unavailable`.",
    ]
    return "\n".join(lines) + "\n"
