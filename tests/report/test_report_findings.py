"""Readable findings and wide figures (issue 21, item 10): a finding reads as a sentence, verdict
word first, then the estimate, its CI and unit, the claimed value and the qualifier; a figure
drawn wide is shown at the page's full width."""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd

from gvc.claims.headline import headline_text
from gvc.claims.ledger import ledger_row
from gvc.claims.registry import CLAIMS
from gvc.claims.texts import estimate_phrase
from gvc.report.figures import new_figure, save_figure
from gvc.report.html import is_wide, render_html
from gvc.report.model import ClaimSection, finding_text

C5 = next(c for c in CLAIMS if c.id == "C5")


def _c5_rows() -> pd.DataFrame:
    """C5's ledger with the WIOD trend (17 years, indicative) as the only design with a CI."""
    rows = [ledger_row(C5, s.id, None) for s in C5.specifications]
    df = pd.DataFrame(rows)
    for sid, args in (("C5-wiod-dev", (-0.2116, -1.0427, 0.6195, 17)),):
        new = ledger_row(C5, sid, *args, time_points=17)
        df.loc[df.specification == sid] = pd.DataFrame([new]).values
        df.loc[df.specification == sid, "inference"] = "indicative (n = 17): OLS, EWC SE"
    return df


def test_finding_reads_verdict_estimate_ci_unit_then_qualifier():
    rows = _c5_rows()
    head = rows[rows.specification == "C5-wiod-dev"].iloc[0]
    text = finding_text(headline_text(rows, C5))
    verdict, _, rest = text.partition(": ")
    assert verdict[0].isupper() and verdict.lower().startswith(str(head["verdict"]))
    phrase = estimate_phrase(head)
    assert rest.startswith(phrase), (rest, phrase)
    unit_head = str(head["unit"]).split(" (")[0]
    assert re.match(rf"-?[\d.]+ {re.escape(unit_head)}, 95% CI \[-?[\d.]+, -?[\d.]+\]", phrase)
    assert f"against the claimed {head['reference_value']}" in rest
    assert "17 years, indicative" in rest
    assert rest.index("17 years, indicative") > rest.index(phrase)
    assert not text.startswith("(") and "(indicative" not in text


def _png(width_in: float) -> bytes:
    import tempfile
    from pathlib import Path

    fig, ax = new_figure(figsize=(width_in, 4))
    ax.plot(np.arange(5), np.arange(5))
    ax.set_xlabel("year")
    ax.set_ylabel("value (pct)")
    with tempfile.TemporaryDirectory() as d:
        p = save_figure(fig, Path(d) / "f.png", title="t", source_note="s", close=True)
        return p.read_bytes()


def test_wide_figures_take_the_full_width(inputs):
    wide, narrow = _png(13), _png(6)
    assert is_wide(wide) and not is_wide(narrow)
    sec = ClaimSection(claim_id="C1", title="t", claim_text="c", source="s", cited="x", data="d",
                       specification="s", result_md="r", headline_verdict="consistent: 1")  # fmt: skip
    html = render_html(
        title="t",
        summary=[],
        ledger=inputs["ledger"],
        sections=[sec],
        figures={"C1": [("wide.png", wide)]},
        table_texts={},
        section_tables={},
        data_availability_md="",
    )
    b64 = base64.b64encode(wide).decode("ascii")
    at = html.index(b64)
    assert html.rfind('<figure class="wide">', 0, at) > html.rfind('<div class="two-col">', 0, at)
    assert html.rfind("</div></div>", 0, at) > html.rfind('<div class="two-col">', 0, at)
