"""``index.html``: one self-contained page (inline CSS, figures as base64 ``data:`` images, no
scripts, no external resources). The verdict table (``id="verdict-table"``) comes first, with a
colour badge per verdict (:data:`gvc.report.model.VERDICT_COLOURS`); then one section per claim,
all tests, and the data availability statement. With a watermark, a banner heads the page and
every section, and a diagonal watermark is fixed over the viewport (CSS only).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

import jinja2
import pandas as pd
from markupsafe import Markup

from gvc.claims.verdict import display_label
from gvc.report.how_to_read import how_to_read_html
from gvc.report.mdhtml import md_to_html
from gvc.report.model import (
    VERDICT_COLOURS,
    ClaimSection,
    badge_style,
    cell_text,
    estimate_texts,
    finding_text,
    slug,
    verdict_class,
)
from gvc.report.tables import normalise_ledger

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 max-width:1300px;margin:0 auto;padding:1rem 1.5rem;color:#222;line-height:1.45;background:#fff}
h1{font-size:1.7rem;margin:.4rem 0}
h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem;font-size:1.35rem}
h3{font-size:1.05rem;margin:.9rem 0 .3rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
#verdict-table{width:100%}
#verdict-table td.claim{max-width:32rem}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:.8rem;color:#fff;
 font-weight:600;font-size:.85rem;white-space:nowrap}
.legend .badge{margin:.1rem .2rem}
blockquote{margin:.5rem 0;padding:.3rem 1rem;border-left:4px solid #bbb;background:#fafafa}
figure{margin:.6rem 0}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figure.wide img{width:100%}
figcaption{font-size:.85rem;color:#555}
.small{font-size:.8rem;color:#555}
.tablewrap{overflow-x:auto}
.banner{background:#d73027;color:#fff;font-weight:700;padding:.5rem 1rem;margin:.5rem 0;
 border-radius:.3rem;text-align:center;letter-spacing:.05em}
p.watermark{color:#d73027;font-weight:700}
.wm{position:fixed;top:50%;left:50%;transform:translate(-50%,-50%) rotate(-30deg);
 font-size:clamp(2rem,6vw,4.5rem);font-weight:800;color:rgba(215,48,39,.13);white-space:nowrap;
 pointer-events:none;z-index:1000;user-select:none}
code{background:#f4f4f4;padding:0 .2rem}
details{margin:.6rem 0;border:1px solid #e3e3e3;border-radius:.3rem;padding:.3rem .6rem}
details>summary{cursor:pointer;font-size:.9rem;color:#333}
.two-col{display:grid;grid-template-columns:1fr 1fr;gap:0 2rem}
@media (max-width:900px){.two-col{grid-template-columns:1fr}}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.tests td{font-size:.85rem}
td.note{max-width:28rem;overflow-wrap:anywhere}
img,table{max-width:100%}
#how-to-read{font-size:.82rem;color:#333;line-height:1.3}
#how-to-read h2{font-size:1.1rem;margin-top:1rem}
#how-to-read p,#how-to-read ul{margin:.25rem 0}
""".strip()

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}{% if watermark %} [{{ watermark }}]{% endif %}</title>
<style>
{{ css }}
</style>
</head>
<body>
{% if watermark %}<div class="wm" aria-hidden="true">{{ watermark }}</div>
<div class="banner" role="alert">{{ watermark }}</div>
{% endif %}<h1>{{ title }}</h1>
<p>Each claim below re-estimated from the data its section names. Verdicts follow one rule
(<code>gvc.claims.verdict</code>); every test is a row of <code>claims.csv</code>; provenance
(commit, package versions, raw-file checksums, seeds) is in <code>manifest.json</code>.</p>
<h2 id="verdicts">Verdicts</h2>
<table id="verdict-table">
<thead><tr><th>Claim</th><th>What was claimed</th><th>Verdict</th><th>Finding (headline test)</th></tr></thead>
<tbody>
{% for r in summary if r.verdict != "not testable" %}<tr class="verdict-row" data-verdict="{{ r.verdict }}">
<td>{% if r.anchor %}<a href="#{{ r.anchor }}">{{ r.claim_id }}</a>{% else %}{{ r.claim_id }}{% endif %}</td>
<td class="claim">{{ r.claim | truncate(150, killwords=False, end="…") }}</td>
<td><span class="badge" style="{{ badge(r.verdict) }}">{{ r.verdict }}</span></td>
<td>{{ finding(r.headline) }}</td>
</tr>
{% endfor %}</tbody>
</table>
{% set untested = summary | selectattr("verdict", "equalto", "not testable") | list %}{% if untested %}<details id="not-testable"><summary>{{ untested|length }} further claims are not testable with public data (what would test each is in <code>claims.csv</code>)</summary>
<table class="tests">
<thead><tr><th>Claim</th><th>What was claimed</th><th>Verdict</th></tr></thead>
<tbody>
{% for r in untested %}<tr class="verdict-row" data-verdict="{{ r.verdict }}"><td>{{ r.claim_id }}</td><td class="claim">{{ r.claim }}</td><td><span class="badge" style="{{ badge(r.verdict) }}">{{ r.verdict }}</span></td></tr>
{% endfor %}</tbody></table></details>
{% endif %}<p class="legend small">Legend: {% for k in colours if k != "other" %}<span class="badge" style="{{ badge(k) }}">{{ k }}</span>{% endfor %}</p>
{{ how_to_read }}
{% for s in sections %}
<section id="{{ s.anchor }}" class="claim-section">
<h2>{{ s.claim_id }}: {{ s.title }}</h2>
{% if watermark %}<div class="banner">{{ watermark }}</div>
{% endif %}{% if s.headline %}<p><strong>Headline verdict:</strong> <span class="badge" style="{{ badge(s.verdict) }}">{{ s.verdict }}</span> {{ s.finding }}</p>
{% endif %}<blockquote><strong>Claimed:</strong> {{ s.claim_text }}</blockquote>
<p class="small">Source: {{ s.source }}. Cites: {{ s.cited }}.</p>
<div class="two-col"><div><h3>Data</h3>
{{ s.data }}
<h3>Specification</h3>
{{ s.specification }}
{% if s.caveats %}<h3>Caveats</h3>
{{ s.caveats }}
{% endif %}</div>
<div>{% for f in s.figures[:1] if not f.wide %}<figure>
<img src="data:image/png;base64,{{ f.b64 }}" alt="{{ s.claim_id }}: {{ f.name }}">
<figcaption>figures/{{ f.name }} (full size beside this page)</figcaption>
</figure>
{% endfor %}{% if s.figures|length > 1 %}<details><summary>{{ s.figures|length - 1 }} more figure{{ "s" if s.figures|length > 2 }}: {{ s.figures[1:] | map(attribute="name") | join(", ") }}</summary>
{% for f in s.figures[1:] %}<figure>
<img src="data:image/png;base64,{{ f.b64 }}" alt="{{ s.claim_id }}: {{ f.name }}">
<figcaption>figures/{{ f.name }}</figcaption>
</figure>
{% endfor %}</details>{% endif %}</div></div>
{% for f in s.figures[:1] if f.wide %}<figure class="wide">
<img src="data:image/png;base64,{{ f.b64 }}" alt="{{ s.claim_id }}: {{ f.name }}">
<figcaption>figures/{{ f.name }} (full size beside this page)</figcaption>
</figure>
{% endfor %}<h3>Result</h3>
{% if s.tests %}<p class="small">Tests of this claim (rows of <code>claims.csv</code>; estimates rounded to what their 95% CI supports):</p>
<div class="tablewrap"><table class="tests">
<thead><tr><th>Specification</th><th>Data</th><th>Reference</th><th>Estimate</th><th>95% CI</th><th>N</th><th>Verdict</th></tr></thead>
<tbody>
{% for t in s.tests if t.vclass not in ("data unavailable", "not testable") %}<tr><td>{{ t.specification }}</td><td>{{ t.data }}</td><td>{{ t.reference }}</td><td class="num">{{ t.estimate }}</td><td class="num">{{ t.ci }}</td><td class="num">{{ t.n_obs }}</td><td><span class="badge" style="{{ badge(t.vclass) }}">{{ t.verdict }}</span></td></tr>
{% endfor %}{% set missing = s.tests | selectattr("vclass", "in", ["data unavailable", "not testable"]) | list %}{% if missing %}<tr class="missing"><td colspan="6" class="small">Without an estimate ({{ missing|length }}): {{ missing | map(attribute="specification") | join(", ") }}. {{ missing[0].note[:300] }}{% if missing[0].note|length > 300 %}&hellip;{% endif %} (every row's note is in <code>claims.csv</code>)</td><td><span class="badge" style="{{ badge(missing[0].vclass) }}">{{ missing[0].verdict }}</span></td></tr>
{% endif %}</tbody></table></div>
{% endif %}<details><summary>Every estimate in words</summary>
{{ s.result }}
</details>
{% for t in s.tables %}<details class="data-table"><summary>Table <strong>{{ t.name }}</strong>{% if t.n_rows is not none %} ({{ t.n_rows }} rows){% endif %}: files <code>tables/{{ t.name }}.csv</code>, <code>.tex</code>, <code>.md</code></summary>
<div class="tablewrap">{{ t.html }}</div></details>
{% endfor %}{% if s.context %}<details><summary>Context: related published evidence</summary>
{{ s.context }}
</details>
{% endif %}</section>
{% endfor %}
<h2 id="all-tests">All tests</h2>
{% if watermark %}<div class="banner">{{ watermark }}</div>
{% endif %}<details><summary>All {{ all_tests|length }} rows of <code>claims.csv</code>, with their notes</summary>
<div class="tablewrap"><table class="tests">
<thead><tr><th>Claim</th><th>Specification</th><th>Data</th><th>Estimate</th><th>95% CI</th><th>N</th><th>Clusters</th><th>Sample</th><th>Inference</th><th>Verdict</th><th>Note</th></tr></thead>
<tbody>
{% for t in all_tests %}<tr><td>{{ t.claim_id }}</td><td>{{ t.specification }}</td><td>{{ t.data }}</td><td class="num">{{ t.estimate }}</td><td class="num">{{ t.ci }}</td><td class="num">{{ t.n_obs }}</td><td class="num">{{ t.n_clusters }}</td><td class="small">{{ t.sample }}</td><td class="small">{{ t.inference }}</td><td><span class="badge" style="{{ badge(t.vclass) }}">{{ t.verdict }}</span></td><td class="small note">{{ t.note }}</td></tr>
{% endfor %}</tbody></table></div></details>
<h2 id="data-availability">Data availability</h2>
{% if watermark %}<div class="banner">{{ watermark }}</div>
{% endif %}<details><summary>Data availability statement: every source, its licence, where it comes from and how to obtain it</summary>
{{ data_availability }}
</details>
<hr>
<p class="small">Generated by gvc {{ version }}.{% if watermark %} {{ watermark }}.{% endif %}</p>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, trim_blocks=False, keep_trailing_newline=True)
_TPL = _ENV.from_string(_TEMPLATE)


WIDE_PX = 1000
"""A figure drawn wider than this (pixels; the default 7.5 in at 110 dpi is 825) is shown at
the page's full width below the section's two columns, not in the right-hand column."""


def is_wide(png: bytes) -> bool:
    """Whether a PNG (its IHDR width) is wider than :data:`WIDE_PX`."""
    return png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") > WIDE_PX


def _test_rows(df: pd.DataFrame) -> list[dict]:
    return [
        {
            "claim_id": r.claim_id,
            "specification": cell_text(r.specification),
            "data": cell_text(r.data),
            "reference": f"{cell_text(r.reference_value)} {cell_text(r.unit)}".strip(),
            "estimate": estimate_texts(r.estimate, r.ci_low, r.ci_high, r.reference_value)[0],
            "ci": estimate_texts(r.estimate, r.ci_low, r.ci_high, r.reference_value)[1],
            "n_obs": cell_text(r.n_obs),
            "n_clusters": cell_text(r.n_clusters),
            "sample": cell_text(r.sample),
            "inference": cell_text(r.inference),
            "verdict": display_label(r._asdict()),
            "vclass": verdict_class(display_label(r._asdict())),
            "note": cell_text(r.note),
        }
        for r in df.itertuples(index=False)
    ]


def render_html(
    *,
    title: str,
    summary: Sequence[Mapping[str, object]],
    sections: Sequence[ClaimSection],
    ledger: pd.DataFrame,
    data_availability_md: str,
    figures: Mapping[str, Sequence[tuple[str, bytes]]],
    table_texts: Mapping[str, Mapping[str, str]],
    section_tables: Mapping[str, Sequence[str]],
    watermark: str | None = None,
    version: str = "",
) -> str:
    """The text of ``index.html``.

    Args:
        summary: rows of :func:`gvc.report.tables.verdict_summary`.
        figures: claim id -> ``(file name, PNG bytes)`` pairs, embedded as base64.
        table_texts: table name -> rendered formats (``html`` used here).
        section_tables: claim id -> table names, in section order.
    """
    df = normalise_ledger(ledger)

    def md(text: str) -> Markup:
        return Markup(md_to_html(text, level_offset=3))

    secs = []
    for s in sections:
        secs.append(
            {
                "claim_id": s.claim_id,
                "anchor": f"claim-{slug(s.claim_id)}",
                "title": s.title,
                "headline": s.headline_verdict,
                "verdict": verdict_class(s.headline_verdict),
                "finding": finding_text(s.headline_verdict, verdict=False),
                "claim_text": s.claim_text,
                "source": s.source,
                "cited": s.cited,
                "data": md(s.data),
                "specification": md(s.specification),
                "result": md(s.result_md),
                "caveats": md(s.caveats) if s.caveats else "",
                "context": md(s.context) if s.context else "",
                "tests": _test_rows(df[df["claim_id"].astype(str) == s.claim_id]),
                "figures": [
                    {"name": n, "b64": base64.b64encode(b).decode("ascii"), "wide": is_wide(b)}
                    for n, b in figures.get(s.claim_id, [])
                ],
                "tables": [
                    {
                        "name": n,
                        "html": Markup(table_texts[n]["html"]),
                        "n_rows": table_texts[n].get("n_rows"),
                    }
                    for n in section_tables.get(s.claim_id, [])
                ],
            }
        )
    return _TPL.render(
        title=title,
        css=Markup(CSS),
        watermark=watermark,
        summary=summary,
        colours=VERDICT_COLOURS,
        badge=badge_style,
        finding=finding_text,
        how_to_read=Markup(how_to_read_html()),
        sections=secs,
        all_tests=_test_rows(df),
        data_availability=md(data_availability_md),
        version=version,
    )
