"""The report's "How to read a verdict" section: the verdict rule in plain words.

One text (:data:`gvc.claims.verdict.HOW_TO_READ_INTRO` and :data:`~gvc.claims.verdict.HOW_TO_READ`)
rendered as Markdown for ``claims.md`` and as HTML for ``index.html``, so the two never differ.
"""

from __future__ import annotations

from html import escape

from gvc.claims.verdict import HOW_TO_READ, HOW_TO_READ_INTRO

TITLE = "How to read a verdict"


def how_to_read_md() -> str:
    """The section as Markdown (heading, paragraph, one bullet per verdict)."""
    items = "\n".join(f"- **{label}**: {text}" for label, text in HOW_TO_READ)
    return f"## {TITLE}\n\n{HOW_TO_READ_INTRO}\n\n{items}"


def how_to_read_html() -> str:
    """The section as HTML (``<section id="how-to-read">``), same words as the Markdown."""
    items = "".join(
        f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>" for label, text in HOW_TO_READ
    )
    return (
        f'<section id="how-to-read"><h2>{TITLE}</h2>\n<p>{escape(HOW_TO_READ_INTRO)}</p>\n'
        f"<ul>{items}</ul></section>"
    )
