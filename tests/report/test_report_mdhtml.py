"""The small Markdown converter used for prose fields of index.html."""

from __future__ import annotations

from gvc.report.mdhtml import md_to_html
from gvc.report.model import fmt_float, verdict_class


def test_markdown_features_and_escaping():
    out = md_to_html(
        "# Head\n\nSome **bold**, *it*, `x<y`, snake_case and [AI Index](https://hai.stanford.edu)."
        "\n<script>alert(1)</script>\n\n- a\n- b\n\n1. one\n2. two\n\n| h1 | h2 |\n|---|---|\n"
        "| 1 | 2 |\n\n> quote\n\n![img](https://example.com/x.png) [bad](javascript:alert(1))",
        level_offset=2,
    )
    assert "<h3>Head</h3>" in out
    assert "<strong>bold</strong>" in out and "<em>it</em>" in out and "snake_case" in out
    assert "<code>x&lt;y</code>" in out
    assert '<a href="https://hai.stanford.edu">AI Index</a>' in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<ul><li>a</li><li>b</li></ul>" in out and "<ol><li>one</li><li>two</li></ol>" in out
    assert "<th>h1</th>" in out and "<td>2</td>" in out
    assert "<blockquote><p>quote</p></blockquote>" in out
    assert "<img" not in out and "javascript:" not in out


def test_fmt_float_and_verdict_class():
    assert fmt_float(0.1 + 0.2) == "0.3"
    assert fmt_float(-0.0) == "0"
    assert fmt_float(float("nan")) == "" and fmt_float(None) == ""
    assert fmt_float(1234.0) == "1234" and fmt_float(12345678.9) == "1.23457e+07"
    assert (
        verdict_class("Same sign, different magnitude: Japan") == "same sign, different magnitude"
    )
    assert verdict_class("contradicted (ADB panel)") == "contradicted"
    assert verdict_class("mixed") == "mixed"  # issue 20: a headline label (designs disagree)
    assert verdict_class("unclear") == "other"
