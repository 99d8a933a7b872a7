"""``claims.md``: the report as Markdown (verdict table, one section per claim, all tests, data
availability). Figures and tables are referenced by their relative paths in the report folder and
tables are also inlined. Pure: takes text, returns text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from gvc.claims.verdict import display_label
from gvc.report.how_to_read import how_to_read_md
from gvc.report.model import (
    VERDICT_SYMBOLS,
    ClaimSection,
    cell_text,
    estimate_texts,
    finding_text,
    slug,
    verdict_class,
)
from gvc.report.tables import normalise_ledger


def _esc_cell(s: object) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_esc_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


LONG_TABLE_ROWS = 12
"""Data tables longer than this are linked as CSV in ``claims.md`` rather than inlined."""


def ci_text(lo: object, hi: object) -> str:
    """``[lo, hi]`` or ``""`` when either bound is missing."""
    a, b = cell_text(lo), cell_text(hi)
    return f"[{a}, {b}]" if a and b else ""


def render_markdown(
    *,
    title: str,
    summary: Sequence[Mapping[str, object]],
    sections: Sequence[ClaimSection],
    ledger: pd.DataFrame,
    data_availability_md: str,
    figure_names: Mapping[str, Sequence[str]],
    table_texts: Mapping[str, Mapping[str, str]],
    section_tables: Mapping[str, Sequence[str]],
    watermark: str | None = None,
    version: str = "",
) -> str:
    """The text of ``claims.md``.

    Args:
        summary: rows of :func:`gvc.report.tables.verdict_summary`.
        figure_names: claim id -> file names under ``figures/``.
        table_texts: table name -> its rendered formats (``md`` used here).
        section_tables: claim id -> table names, in section order.
    """
    out: list[str] = []
    banner = f"> **⚠ {watermark}**" if watermark else ""
    out.append(f"# {title}")
    if banner:
        out.append(banner)
    out.append(
        "Each claim below re-estimated from the data its section names. Verdicts follow one rule "
        "(`gvc.claims.verdict`); every test is a row of `claims.csv`; provenance (commit, "
        "package versions, raw-file checksums, seeds) is in `manifest.json`."
    )
    out.append("## Verdicts")
    rows = []
    for r in summary:
        v = str(r["verdict"])
        cid = str(r["claim_id"])
        link = f"[{cid}](#{r['anchor']})" if r["anchor"] else cid
        rows.append(
            [
                link,
                r["claim"],
                f"{VERDICT_SYMBOLS[v]} {finding_text(r['headline'])}",
                r["carried_by"],
            ]
        )
    out.append(_md_table(["Claim", "What was claimed", "Headline verdict", "Carried by"], rows))
    legend = ", ".join(f"{s} {k}" for k, s in VERDICT_SYMBOLS.items() if k != "other")
    out.append(f"Legend: {legend}.")
    out.append(how_to_read_md())

    df = normalise_ledger(ledger)
    for sec in sections:
        out.append(f'<a id="claim-{slug(sec.claim_id)}"></a>\n\n## {sec.claim_id}: {sec.title}')
        if banner:
            out.append(banner)
        v = verdict_class(sec.headline_verdict) if sec.headline_verdict else ""
        if sec.headline_verdict:
            out.append(
                f"**Headline verdict:** {VERDICT_SYMBOLS[v]} {finding_text(sec.headline_verdict)}"
            )
        quote = "\n".join(f"> {x}" for x in sec.claim_text.splitlines() or [""])
        out.append(f"### What was claimed\n\n{quote}\n\nSource: {sec.source}. Cites: {sec.cited}.")
        out.append(f"### Data\n\n{sec.data}")
        out.append(f"### Specification\n\n{sec.specification}")
        out.append(f"### Result\n\n{sec.result_md}")
        tests = df[df["claim_id"].astype(str) == sec.claim_id]
        if not tests.empty:
            trows = [
                [
                    r.specification,
                    r.data,
                    f"{cell_text(r.reference_value)} {cell_text(r.unit)}".strip(),
                    *estimate_texts(r.estimate, r.ci_low, r.ci_high, r.reference_value),
                    cell_text(r.n_obs),
                    display_label(r._asdict()),
                ]
                for r in tests.itertuples(index=False)
            ]
            hdr = ["Specification", "Data", "Reference", "Estimate", "95% CI", "N", "Verdict"]
            out.append(
                "Tests of this claim (rows of `claims.csv`; estimates rounded to what their 95% CI "
                "supports):\n\n" + _md_table(hdr, trows)
            )
        for name in figure_names.get(sec.claim_id, []):
            out.append(f"![{sec.claim_id}: {name}](figures/{name})")
        for name in section_tables.get(sec.claim_id, []):
            n_rows = table_texts[name].get("n_rows")
            if n_rows is not None and n_rows > LONG_TABLE_ROWS:  # data: linked, not inlined
                out.append(
                    f"**Table {name}**: {n_rows} rows in [`tables/{name}.csv`](tables/{name}.csv) "
                    f"(also `.tex`, `.md`, `.html`)"
                )
                continue
            out.append(
                f"**Table {name}** (`tables/{name}.tex`, `.md`, `.html`)\n\n"
                + table_texts[name]["md"].rstrip("\n")
            )
        if sec.caveats:
            out.append(f"### Caveats\n\n{sec.caveats}")
        if sec.context:
            out.append(f"### Context\n\n{sec.context}")

    out.append("## All tests")
    if banner:
        out.append(banner)
    hdr = [
        "Claim",
        "Specification",
        "Data",
        "Estimate",
        "95% CI",
        "N",
        "Clusters",
        "Sample",
        "Inference",
        "Verdict",
        "Note",
    ]
    rows = [
        [
            r.claim_id,
            r.specification,
            r.data,
            *estimate_texts(r.estimate, r.ci_low, r.ci_high, r.reference_value),
            cell_text(r.n_obs),
            cell_text(r.n_clusters),
            cell_text(r.sample),
            cell_text(r.inference),
            display_label(r._asdict()),
            r.note,
        ]
        for r in df.itertuples(index=False)
    ]
    out.append(_md_table(hdr, rows))
    out.append("## Data availability")
    if banner:
        out.append(banner)
    out.append(data_availability_md.strip())
    footer = f"Generated by gvc {version}." if version else "Generated by gvc."
    if watermark:
        footer += f" {watermark}."
    out.append(f"---\n\n{footer}")
    return "\n\n".join(x.rstrip() for x in out) + "\n"
