"""The "How to read a verdict" section: same words in index.html and claims.md, every label."""

from __future__ import annotations

from html import escape

from gvc.claims.verdict import HOW_TO_READ, HOW_TO_READ_INTRO, VERDICTS
from gvc.report import write_report


def test_section_in_both_pages_with_every_label(tmp_path, inputs):
    write_report(tmp_path / "rep", **inputs)
    md = (tmp_path / "rep/claims.md").read_text(encoding="utf-8")
    page = (tmp_path / "rep/index.html").read_text(encoding="utf-8")
    assert "## How to read a verdict" in md
    assert '<section id="how-to-read"><h2>How to read a verdict</h2>' in page
    assert HOW_TO_READ_INTRO in md and escape(HOW_TO_READ_INTRO) in page
    assert [label for label, _ in HOW_TO_READ] == list(VERDICTS)
    for label, text in HOW_TO_READ:
        assert f"- **{label}**: {text}" in md
        assert f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>" in page
    # the section comes right after the verdict table, before the first claim section
    assert md.index("## How to read a verdict") < md.index("## C1:")


def test_rule_text_says_the_point_estimate_sign_plays_no_role():
    words = dict(HOW_TO_READ)
    assert (
        "sign of the point estimate plays no role"
        in words["claimed size rejected, sign undetermined"]
    )
    assert "never judged by sign" in words["differs"]
    assert "tolerance" in words["consistent"]
