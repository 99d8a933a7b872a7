"""A small, safe Markdown-to-HTML converter for the report's prose fields.

Supported: paragraphs, ``#`` headings (shifted by ``level_offset``), ``-``/``*``/``1.`` lists (one
level), ``>`` quotes, fenced code blocks, pipe tables, inline code, ``**bold**``, ``*italic*``
/``_italic_`` and ``[text](url)`` links. All text is HTML-escaped first, so raw HTML in the input
is shown, not rendered. Links keep their URL as written (``javascript:`` URLs are dropped);
images (``![..](..)``) are rendered as links, so a page never loads anything external.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"!?\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITAL = re.compile(r"(?<![\w*])[*_](?![\s*_])(.+?)(?<![\s*_])[*_](?![\w*])")
_UL = re.compile(r"^\s*[-*+]\s+(.*)$")
_OL = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEAD = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def inline(text: str) -> str:
    """Inline Markdown of one line or paragraph to HTML (escaped)."""
    codes: list[str] = []

    def keep_code(m: re.Match) -> str:
        codes.append(f"<code>{html.escape(m.group(1))}</code>")
        return f"\x00{len(codes) - 1}\x00"

    s = _CODE.sub(keep_code, text)
    links: list[str] = []

    def keep_link(m: re.Match) -> str:
        label, url = m.group(1), m.group(2)
        if url.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            links.append(html.escape(label))
        else:
            links.append(
                f'<a href="{html.escape(url, quote=True)}">{_emph(html.escape(label))}</a>'
            )
        return f"\x01{len(links) - 1}\x01"

    s = _LINK.sub(keep_link, s)
    s = _emph(html.escape(s, quote=False))
    s = re.sub("\x01(\\d+)\x01", lambda m: links[int(m.group(1))], s)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], s)


def _emph(s: str) -> str:
    s = _BOLD.sub(r"<strong>\1</strong>", s)
    return _ITAL.sub(r"<em>\1</em>", s)


def _cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return [c.strip() for c in s.split("|")]


def md_to_html(text: str, *, level_offset: int = 0) -> str:
    """Markdown ``text`` as an HTML fragment (see the module docstring for what is supported)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    out: list[str] = []
    para: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            out.append(f"<p>{inline(' '.join(x.strip() for x in para))}</p>")
            para.clear()

    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
        elif line.strip().startswith("```"):
            flush()
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            out.append("<pre><code>" + html.escape("\n".join(lines[i + 1 : j])) + "</code></pre>")
            i = j + 1
        elif m := _HEAD.match(line):
            flush()
            n = min(6, len(m.group(1)) + level_offset)
            out.append(f"<h{n}>{inline(m.group(2))}</h{n}>")
            i += 1
        elif "|" in line and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
            flush()
            head = "".join(f"<th>{inline(c)}</th>" for c in _cells(line))
            rows = []
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append(
                    "<tr>" + "".join(f"<td>{inline(c)}</td>" for c in _cells(lines[j])) + "</tr>"
                )
                j += 1
            out.append(
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
            i = j
        elif _UL.match(line) or _OL.match(line):
            flush()
            ordered = bool(_OL.match(line)) and not _UL.match(line)
            pat = _OL if ordered else _UL
            items: list[str] = []
            while i < len(lines) and lines[i].strip():
                m2 = pat.match(lines[i])
                if m2:
                    items.append(m2.group(1))
                elif items:
                    items[-1] += " " + lines[i].strip()
                i += 1
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{inline(x)}</li>" for x in items) + f"</{tag}>")
        elif line.lstrip().startswith(">"):
            flush()
            quoted = []
            while i < len(lines) and lines[i].lstrip().startswith(">"):
                quoted.append(lines[i].lstrip()[1:].lstrip())
                i += 1
            out.append(f"<blockquote>{md_to_html(chr(10).join(quoted))}</blockquote>")
        else:
            para.append(line)
            i += 1
    flush()
    return "\n".join(out)
