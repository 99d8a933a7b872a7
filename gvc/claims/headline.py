"""A claim's headline: which verdict its designs carry, whether they agree, and how many.

A claim tested several ways has rows that differ in a real design choice (another data source,
another reading of the claim, another benchmark) and rows that differ only in a near-duplicate
choice (one endpoint dropped, the classification's timing, one industry left out: the
specification's ``variant_of``). :func:`designs` groups each near-duplicate with the design it
varies, so a design counts once; its verdict is that of its first row (registry order) that
carries one.

:func:`headline_text` starts with the verdict of the headline row
(:func:`gvc.claims.verdict.headline`) when every design that carries a verdict agrees, and with
``mixed`` when they do not, followed by the count of each verdict over distinct designs
("consistent in 1 of 3 designs (C16-cset-2023); differs in 2 (...)"), the headline row's
estimate and the rows the claim asks to show beside the primary (``headline_with``, e.g. C3
without China). :func:`design_note` says, for the result paragraph, which rows were merged and
which carry no verdict (descriptive, not comparable).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from gvc.claims.texts import estimate_phrase, finding_sentence
from gvc.claims.verdict import (
    DESCRIPTIVE,
    INCONCLUSIVE,
    MIXED,
    NO_ESTIMATE,
    NO_VERDICT,
    NOT_COMPARABLE,
    display_label,
    headline,
)


@dataclass(frozen=True)
class Design:
    """One distinct design: its ``root`` specification, every row ``ids`` (root first, then its
    near-duplicates in registry order) and the ``row`` that speaks for it."""

    root: str
    ids: tuple[str, ...]
    row: pd.Series

    @property
    def verdict(self) -> str:
        return str(self.row["verdict"])

    @property
    def merged(self) -> tuple[str, ...]:
        return tuple(i for i in self.ids if i != self.root)


def _root(spec_id: str, parents: dict[str, str]) -> str:
    seen = set()
    while parents.get(spec_id) and spec_id not in seen:
        seen.add(spec_id)
        spec_id = parents[spec_id]
    return spec_id


def designs(rows: pd.DataFrame, claim) -> list[Design]:
    """The claim's distinct designs among ``rows``, in registry order of their roots."""
    specs = getattr(claim, "specifications", ())
    order = {s.id: i for i, s in enumerate(specs)}
    parents = {s.id: getattr(s, "variant_of", "") for s in specs}
    df = rows.assign(_k=rows["specification"].map(lambda s: order.get(s, len(order))))
    df = df.sort_values("_k", kind="stable").drop(columns="_k")
    groups: dict[str, list[pd.Series]] = {}
    for _, r in df.iterrows():
        groups.setdefault(_root(str(r["specification"]), parents), []).append(r)
    out = []
    for root, members in groups.items():
        members.sort(key=lambda r: str(r["specification"]) != root)
        speaking = next((r for r in members if r["verdict"] not in NO_VERDICT), None)
        if speaking is None:
            speaking = next((r for r in members if r["verdict"] not in NO_ESTIMATE), members[0])
        out.append(Design(root, tuple(str(r["specification"]) for r in members), speaking))
    return out


def _base(label: str) -> str:
    """``inconclusive, informative`` -> ``inconclusive`` (agreement is over rule labels)."""
    return INCONCLUSIVE if label.startswith(INCONCLUSIVE) else label


def design_counts(rows: pd.DataFrame, claim) -> tuple[Counter, dict[str, list[str]], int]:
    """(verdict -> number of designs, verdict -> the designs' ids, designs with a verdict)."""
    judged = [d for d in designs(rows, claim) if d.verdict not in NO_VERDICT]
    counts: Counter = Counter()
    names: dict[str, list[str]] = {}
    for d in judged:
        counts[d.verdict] += 1
        names.setdefault(d.verdict, []).append(str(d.row["specification"]))
    return counts, names, len(judged)


def agree(rows: pd.DataFrame, claim) -> bool:
    """Whether every design that carries a verdict carries the same one (True when none does)."""
    counts, _, _ = design_counts(rows, claim)
    return len(counts) <= 1


def _missing(x: object) -> bool:
    try:
        return x is None or x is pd.NA or math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _short(row) -> str:
    """``0.01 %/%, 95% CI [-0.25, 0.40]`` (:func:`gvc.claims.texts.estimate_phrase`), or ""."""
    return estimate_phrase(row)


def _finding(row, mark: str = "") -> str:
    """The headline row after its verdict word (:func:`gvc.claims.texts.finding_sentence`):
    estimate, CI and unit, the claimed value, the qualifier, the data; "" without an
    estimate."""
    return finding_sentence(row, mark)


def _missing_text(x: object) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or str(x) == ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline_text(rows: pd.DataFrame, claim) -> str:
    """The headline of ``claim`` from its ledger ``rows`` (see the module docstring)."""
    order = [s.id for s in getattr(claim, "specifications", ())]
    head = headline(rows, order)
    counts, names, n = design_counts(rows, claim)
    mark = _indicative_mark(head)
    finding = _finding(head, mark if n else "")
    if len(counts) > 1:
        parts = [
            f"{label} in {k} of {n} designs ({', '.join(names[label])})"
            if i == 0
            else f"{label} in {k} ({', '.join(names[label])})"
            for i, (label, k) in enumerate(
                sorted(counts.items(), key=lambda kv: (-kv[1], order_of(kv[0], names, order)))
            )
        ]
        text = f"{MIXED}: " + "; ".join(parts)
        if finding:
            first = f"{_short(head)} -> {display_label(head)}"
            if order and str(head["specification"]) != order[0]:
                # the registered primary has no estimate: say so, never call a stand-in primary
                p = rows[rows["specification"] == order[0]]
                pv = str(p.iloc[0]["verdict"]) if len(p) else "not run"
                text += (
                    f". Primary {order[0]}: {pv}; substitute design {head['specification']}: "
                    + first
                )
            else:
                text += f". Primary {head['specification']}: {first}"
    else:
        text = display_label(head)
        if finding:
            text += f": {_named(claim, head)}{finding}"
        elif mark and n:
            text += f" ({mark})"
        why = no_verdict_reason(head)
        if why:
            text += f" ({why})"
        if n > 1:
            text += f" ({'both' if n == 2 else f'all {n}'} designs with a verdict agree)"
    primary = rows[rows["specification"] == order[0]] if order else rows.iloc[0:0]
    if (
        not primary.empty
        and str(primary.iloc[0]["specification"]) != str(head["specification"])
        and primary.iloc[0]["verdict"] not in NO_ESTIMATE
        and len(counts) <= 1
    ):
        text += f". The primary, {order[0]}, is {primary.iloc[0]['verdict']}"
    beside = []
    for sid in getattr(claim, "headline_with", ()):
        r = rows[rows["specification"] == sid]
        if r.empty or sid == head["specification"]:
            continue
        r = r.iloc[0]
        f = _short(r)
        why = no_verdict_reason(r)
        beside.append(
            f"{_named(claim, r)}{f or 'no estimate'} -> {display_label(r)}"
            + (f" ({why})" if why else "")
        )
    if beside:
        text += ". Beside it, " + "; ".join(beside)
    return text


def design_note(rows: pd.DataFrame, claim) -> str:
    """The headline's counting in words, for the claim's result paragraph: how many distinct
    designs carry a verdict, which near-duplicate rows were merged into which design, and the
    rows without a verdict (descriptive, not comparable); "" for a claim tested one way."""
    ds = designs(rows, claim)
    if len(rows) < 2:
        return ""
    _, _, n = design_counts(rows, claim)
    parts = [f"{_plural(len(ds), 'distinct design')} ({_plural(n, 'design')} with a verdict)"]
    merged = [d for d in ds if d.merged]
    if merged:
        parts.append(
            "near-duplicates counted once: "
            + "; ".join(f"{', '.join(d.merged)} with {d.root}" for d in merged)
        )
    none = Counter(str(v) for v in rows["verdict"] if v in (DESCRIPTIVE, NOT_COMPARABLE))
    if none:
        parts.append(
            "no verdict: " + ", ".join(f"{_plural(k, 'row')} {v}" for v, k in sorted(none.items()))
        )
    return "Headline count: " + "; ".join(parts) + "."


def _named(claim, row) -> str:
    """``"without China (C3-trend-wb-exCHN): "`` when the claim names the row for its headline
    (``headline_names``), else ``""``."""
    sid = str(row["specification"])
    words = dict(getattr(claim, "headline_names", {}) or {}).get(sid)
    return f"{words} ({sid}): " if words else ""


def no_verdict_reason(row) -> str:
    """Why a ``descriptive`` or ``not comparable`` row carries no verdict (from its note), else
    ""."""
    v = str(row["verdict"])
    if v not in (DESCRIPTIVE, NOT_COMPARABLE):
        return ""
    note = str(row.get("note", "") or "")
    key = f"{v}: "
    if key not in note:
        return ""
    why = note[note.index(key) + len(key) :]
    return why.split(" (the rule alone")[0].strip()


def order_of(label: str, names: dict[str, list[str]], order: list[str]) -> int:
    """Registry position of the first design carrying ``label`` (ties in the mixed count)."""
    pos = {s: i for i, s in enumerate(order)}
    return min(pos.get(s, len(pos)) for s in names[label])


def _indicative_mark(row) -> str:
    """``"indicative (n = 17)"`` when the row's inference is marked indicative, else ""."""
    inference = str(row.get("inference", "") or "")
    return inference.split(":")[0] if inference.startswith("indicative") else ""
