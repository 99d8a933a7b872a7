"""The ledger (``claims.csv``), the verdict summary, and section tables in three formats.

:func:`normalise_ledger` checks the columns and fixes the row order (registry order of claims,
then of each claim's specifications, then input order); :func:`ledger_csv` writes it with
:func:`gvc.report.model.fmt_float`; :func:`verdict_summary` gives one row per claim for the verdict
table; :func:`render_table` turns a section table into Markdown, HTML and LaTeX text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd

from gvc.claims.headline import head_row
from gvc.claims.ledger import LEDGER_COLUMNS
from gvc.claims.registry import CLAIMS
from gvc.claims.verdict import NO_ESTIMATE, VERDICTS, headline
from gvc.estimators.compare import tex_escape
from gvc.report.model import (
    ClaimSection,
    cell_text,
    is_year_column,
    slug,
    table_cell,
    verdict_class,
)


def _registry_order() -> tuple[dict[str, int], dict[str, list[str]]]:
    claim_rank = {c.id: i for i, c in enumerate(CLAIMS)}
    spec_order = {c.id: [s.id for s in c.specifications] for c in CLAIMS}
    return claim_rank, spec_order


def normalise_ledger(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger with exactly :data:`LEDGER_COLUMNS`, in a stable order.

    Rows are ordered by the claim's position in :data:`gvc.claims.registry.CLAIMS` (claims not in
    the registry follow, by first appearance), then by the specification's position in the
    claim's ``specifications`` (unknown specifications follow), then by input order.

    Raises:
        ValueError: columns missing or extra, or a verdict not in :data:`VERDICTS`.
    """
    missing = [c for c in LEDGER_COLUMNS if c not in ledger.columns]
    extra = [c for c in ledger.columns if c not in LEDGER_COLUMNS]
    if missing or extra:
        raise ValueError(f"ledger columns: missing {missing}, unexpected {extra}")
    bad = sorted(set(ledger["verdict"].astype(str)) - set(VERDICTS))
    if bad:
        raise ValueError(f"ledger has unknown verdicts {bad}")
    df = ledger[LEDGER_COLUMNS].reset_index(drop=True)
    claim_rank, spec_order = _registry_order()
    first_seen: dict[str, int] = {}
    for cid in df["claim_id"].astype(str):
        first_seen.setdefault(cid, len(first_seen))
    n = len(claim_rank)
    ids = df["claim_id"].astype(str)
    k_claim = ids.map(lambda c: claim_rank.get(c, n + first_seen[c]))
    k_spec = [
        spec_order.get(c, []).index(s) if s in spec_order.get(c, []) else len(spec_order.get(c, []))
        for c, s in zip(ids, df["specification"].astype(str), strict=True)
    ]
    keys = pd.DataFrame({"c": k_claim, "s": k_spec, "i": range(len(df))})
    order = keys.sort_values(["c", "s", "i"], kind="stable").index
    return df.loc[order].reset_index(drop=True)


def ledger_csv(ledger: pd.DataFrame, watermark: str | None = None) -> str:
    """``claims.csv`` text: header :data:`LEDGER_COLUMNS`, ``\\n`` line ends, floats by
    :func:`fmt_float`, missing values empty. With ``watermark``, every row's ``note`` starts with
    ``[<watermark>]`` (so no row can be copied out without it)."""
    df = normalise_ledger(ledger)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LEDGER_COLUMNS)
    for row in df.itertuples(index=False):
        cells = [cell_text(v) for v in row]
        if watermark:
            i = LEDGER_COLUMNS.index("note")
            cells[i] = f"[{watermark}] {cells[i]}".rstrip()
        w.writerow(cells)
    return buf.getvalue()


def data_csv(table: pd.DataFrame, watermark: str | None = None) -> str:
    """A section's data table as CSV (full precision, ``\n`` line ends, index kept when named).
    With ``watermark``, a first comment line carries it."""
    keep_index = not isinstance(table.index, pd.RangeIndex)
    text = table.to_csv(index=keep_index, lineterminator="\n", float_format="%.10g")
    return (f"# {watermark}\n" if watermark else "") + text


def claim_order(ledger: pd.DataFrame, sections: Sequence[ClaimSection]) -> list[str]:
    """Claim ids: the (normalised) ledger's order, then claims that only have a section."""
    ids = list(dict.fromkeys(normalise_ledger(ledger)["claim_id"].astype(str)))
    ids += [s.claim_id for s in sections if s.claim_id not in ids]
    return list(dict.fromkeys(ids))


def _head(rows: pd.DataFrame, cid: str, order: list[str] | None) -> pd.Series:
    """The row that carries a registered claim's headline
    (:func:`gvc.claims.headline.head_row`: its primary's reading first), else
    :func:`gvc.claims.verdict.headline`."""
    claim = next((c for c in CLAIMS if c.id == cid), None)
    return head_row(rows, claim) if claim is not None else headline(rows, order)


def verdict_summary(ledger: pd.DataFrame, sections: Sequence[ClaimSection]) -> list[dict]:
    """One row per claim for the verdict table.

    Keys: ``claim_id``, ``claim``, ``headline`` (the section's ``headline_verdict``, else the
    ledger headline's verdict), ``verdict`` (its class, a key of ``VERDICT_COLOURS``),
    ``carried_by`` ("data / specification" of the ledger headline row when it has an estimate,
    else ""), ``n_tests``,
    ``anchor`` (the section's anchor id, or "" when the claim has no section).
    """
    df = normalise_ledger(ledger)
    _, spec_order = _registry_order()
    by_id = {s.claim_id: s for s in sections}
    out = []
    for cid in claim_order(df, sections):
        rows = df[df["claim_id"].astype(str) == cid]
        sec = by_id.get(cid)
        head = _head(rows, cid, spec_order.get(cid)) if not rows.empty else None
        text = sec.headline_verdict if sec and sec.headline_verdict else ""
        if not text:
            text = str(head["verdict"]) if head is not None else "data unavailable"
        carried = ""
        if head is not None and str(head["verdict"]) not in NO_ESTIMATE:
            carried = " / ".join(
                x for x in (cell_text(head["data"]), cell_text(head["specification"])) if x
            )
        claim = sec.claim_text if sec else (str(rows["claim"].iloc[0]) if not rows.empty else "")
        out.append(
            {
                "claim_id": cid,
                "claim": claim,
                "headline": text,
                "verdict": verdict_class(text),
                "carried_by": carried,
                "n_tests": len(rows),
                "anchor": f"claim-{slug(cid)}" if sec else "",
            }
        )
    return out


def _as_text_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as deterministic text for reading (:func:`gvc.report.model.table_cell`)."""
    out = df.copy()
    out.columns = [str(c) for c in out.columns]
    for c in out.columns:
        year = is_year_column(c)
        out[c] = [table_cell(v, year) for v in df[c].tolist()] if len(df) else []
    out.index = [table_cell(v, is_year_column(df.index.name)) for v in df.index.tolist()]
    return out.astype(object)


def _frame_formats(df: pd.DataFrame) -> dict[str, str]:
    t = _as_text_frame(df)
    keep_index = not isinstance(df.index, pd.RangeIndex)
    md = t.to_markdown(index=keep_index, disable_numparse=True) + "\n"
    html = t.to_html(index=keep_index, border=0, classes="gvc-table", na_rep="") + "\n"
    cols = ([""] if keep_index else []) + list(t.columns)
    body = [
        [*([i] if keep_index else []), *r] for i, r in zip(t.index, t.values.tolist(), strict=True)
    ]
    tex = [
        "\\begin{tabular}{" + "l" * len(cols) + "}",
        "\\toprule",
        " & ".join(tex_escape(c) for c in cols) + " \\\\",
        "\\midrule",
        *(" & ".join(tex_escape(str(v)) for v in r) + " \\\\" for r in body),
        "\\bottomrule",
        "\\end{tabular}",
    ]
    return {"md": md, "html": html, "tex": "\n".join(tex) + "\n"}


def render_table(table: object, watermark: str | None = None) -> dict[str, str]:
    """``{"md", "html", "tex"}`` text of a section table (a DataFrame or an object with
    ``to_markdown``/``to_html``/``to_latex``). With ``watermark``, each text carries it visibly:
    a bold first line (Markdown), a ``<p class="watermark">`` (HTML), a comment plus a bold line
    above the ``tabular`` (LaTeX).

    Raises:
        TypeError: ``table`` is neither.
    """
    if isinstance(table, pd.DataFrame):
        out = _frame_formats(table)
    elif all(callable(getattr(table, m, None)) for m in ("to_markdown", "to_html", "to_latex")):
        out = {
            "md": str(table.to_markdown()),  # type: ignore[attr-defined]
            "html": str(table.to_html()),  # type: ignore[attr-defined]
            "tex": str(table.to_latex()),  # type: ignore[attr-defined]
        }
        out = {k: v if v.endswith("\n") else v + "\n" for k, v in out.items()}
    else:
        raise TypeError(
            f"table of type {type(table).__name__} is not a DataFrame and lacks "
            "to_markdown/to_html/to_latex"
        )
    if watermark:
        import html as _html

        out["md"] = f"**{watermark}**\n\n{out['md']}"
        out["html"] = f'<p class="watermark">{_html.escape(watermark)}</p>\n{out["html"]}'
        out["tex"] = (
            f"% {watermark}\n\\par\\noindent\\textbf{{{tex_escape(watermark)}}}\\par\n{out['tex']}"
        )
    return out
