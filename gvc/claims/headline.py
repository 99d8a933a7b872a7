"""A claim's headline: which verdict its designs carry, in which reading, and how many.

A claim tested several ways has rows that differ in a real design choice (another data source,
another benchmark) and rows that differ only in a near-duplicate choice (one endpoint dropped,
the classification's timing, one industry left out, the same regression in another unit: the
specification's ``variant_of``). :func:`designs` groups each near-duplicate with the design it
varies, so a design counts once.

A *reading* is the unit of the reference a row is compared with (the unit of the registry's
``reference`` it names: C1's "elasticity" (%/%) and "points on points" (pts per pt) are two
readings of one sentence, and -0.8 %/% is not -0.8 pts per pt; C2's 2023 and 2024 gaps, both in
pts, are one reading). A design's verdict is given per reading: in each reading,
that of its first row (registry order) in that reading that carries one. :func:`count_designs`
counts every voting design in the primary's reading (the first specification's); a design with
no verdict in that reading is counted in its own reading (its first one with a verdict), in a
clause of its own. ``mixed`` means designs disagree within one counted reading, never that two
readings differ. Designs marked ``stand_in`` (other data standing in for the cited design) vote
only while the registered primary has no estimate; when it has one they are shown beside it.

:func:`headline_text` starts with the verdict of the headline row (:func:`head_row`: the primary
when it carries a verdict, else the first voting row in the primary's reading) when no counted
reading is mixed, and with ``mixed`` when one is, followed by the count of each verdict over
distinct designs per reading ("consistent in 1 of 3 designs (C16-cset-2023); differs in 2
(...)"; readings are named when the claim has more than one), the headline row's estimate, the
same designs read in the claim's other readings (not counted), the stand-ins beside a running
primary and the rows the claim asks to show beside the primary (``headline_with``, e.g. C3
without China). :func:`design_note` says, for the result paragraph, which rows were merged and
which carry no verdict (descriptive, not comparable).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

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
    near-duplicates in registry order), the ``row`` that speaks for it (its first row with a
    verdict, any reading), ``by_reading`` (reading -> the row that speaks for it in that
    reading) and whether it is a ``stand_in``."""

    root: str
    ids: tuple[str, ...]
    row: pd.Series
    by_reading: dict[str, pd.Series] = field(default_factory=dict, compare=False)
    stand_in: bool = False

    @property
    def verdict(self) -> str:
        return str(self.row["verdict"])

    @property
    def merged(self) -> tuple[str, ...]:
        return tuple(i for i in self.ids if i != self.root)

    def judged_in(self, reading: str) -> pd.Series | None:
        """The row carrying the design's verdict in ``reading``, or None."""
        r = self.by_reading.get(reading)
        return r if r is not None and r["verdict"] not in NO_VERDICT else None

    def first_judged_reading(self) -> str | None:
        """The first reading (registry order of its rows) in which the design has a verdict."""
        return next((k for k in self.by_reading if self.judged_in(k) is not None), None)


def _root(spec_id: str, parents: dict[str, str]) -> str:
    seen = set()
    while parents.get(spec_id) and spec_id not in seen:
        seen.add(spec_id)
        spec_id = parents[spec_id]
    return spec_id


def _speaking(members: list[pd.Series]) -> pd.Series:
    """The first row with a verdict, else the first with an estimate, else the first."""
    r = next((r for r in members if r["verdict"] not in NO_VERDICT), None)
    if r is None:
        r = next((r for r in members if r["verdict"] not in NO_ESTIMATE), members[0])
    return r


def reading_of(claim, spec_id: str) -> str:
    """The reading of a row: the unit of the reference its specification is compared with
    (``%/% (...)`` vs ``pts ... per 1 pt ...``; references in one unit, such as C2's 2023 and
    2024 gaps, are one reading); "" when the specification is not registered."""
    for s in getattr(claim, "specifications", ()):
        if s.id == spec_id:
            try:
                return str(claim.reference(s.reference).unit)
            except (AttributeError, KeyError):
                return str(getattr(s, "reference", ""))
    return ""


def designs(rows: pd.DataFrame, claim) -> list[Design]:
    """The claim's distinct designs among ``rows``, in registry order of their roots."""
    specs = getattr(claim, "specifications", ())
    order = {s.id: i for i, s in enumerate(specs)}
    parents = {s.id: getattr(s, "variant_of", "") for s in specs}
    stand = {s.id: bool(getattr(s, "stand_in", False)) for s in specs}
    df = rows.assign(_k=rows["specification"].map(lambda s: order.get(s, len(order))))
    df = df.sort_values("_k", kind="stable").drop(columns="_k")
    groups: dict[str, list[pd.Series]] = {}
    for _, r in df.iterrows():
        groups.setdefault(_root(str(r["specification"]), parents), []).append(r)
    out = []
    for root, members in groups.items():
        members.sort(key=lambda r: str(r["specification"]) != root)
        by: dict[str, list[pd.Series]] = {}
        for r in members:
            by.setdefault(reading_of(claim, str(r["specification"])), []).append(r)
        out.append(
            Design(
                root,
                tuple(str(r["specification"]) for r in members),
                _speaking(members),
                {k: _speaking(v) for k, v in by.items()},
                stand.get(root, False),
            )
        )
    return out


@dataclass
class Clause:
    """The designs counted in one ``reading``: ``counts`` (verdict -> designs), ``names``
    (verdict -> the rows speaking for them), ``n`` designs; ``own``: designs without a verdict
    in the primary's reading, counted in their own; ``counted``: False for the other readings
    of designs already counted (shown, not counted)."""

    reading: str
    counts: Counter = field(default_factory=Counter)
    names: dict[str, list[str]] = field(default_factory=dict)
    n: int = 0
    own: bool = False
    counted: bool = True

    def add(self, row: pd.Series) -> None:
        v = str(row["verdict"])
        self.counts[v] += 1
        self.names.setdefault(v, []).append(str(row["specification"]))
        self.n += 1

    @property
    def mixed(self) -> bool:
        return len(self.counts) > 1


@dataclass
class Count:
    """How a claim's designs vote (:func:`count_designs`): ``clauses`` (the primary's reading
    first, then readings counted for designs that have no verdict in it, then the other
    readings of counted designs, not counted), ``beside`` (stand-in designs shown beside a
    running primary) and the primary's ``reading``."""

    reading: str
    clauses: list[Clause]
    beside: list[Design]

    @property
    def counted(self) -> list[Clause]:
        return [c for c in self.clauses if c.counted and c.n]

    @property
    def mixed(self) -> bool:
        return any(c.mixed for c in self.counted)

    @property
    def n(self) -> int:
        return sum(c.n for c in self.counted)


def primary_runs(rows: pd.DataFrame, claim) -> bool:
    """Whether the registered primary (the first specification) has an estimate."""
    specs = getattr(claim, "specifications", ())
    if not specs:
        return False
    p = rows[rows["specification"] == specs[0].id]
    return bool(len(p)) and p.iloc[0]["verdict"] not in NO_ESTIMATE


def count_designs(rows: pd.DataFrame, claim) -> Count:
    """The designs' votes per reading (see the module docstring)."""
    specs = getattr(claim, "specifications", ())
    r0 = reading_of(claim, specs[0].id) if specs else ""
    ds = designs(rows, claim)
    runs = primary_runs(rows, claim)
    voters = [d for d in ds if not (runs and d.stand_in)]
    beside = [d for d in ds if runs and d.stand_in]
    labels = list(dict.fromkeys(r.unit for r in getattr(claim, "references", ())))
    clauses: dict[tuple[str, bool], Clause] = {(r0, True): Clause(r0)}
    for d in voters:
        row = d.judged_in(r0)
        reading = r0 if row is not None else d.first_judged_reading()
        if reading is None:
            continue
        key = (reading, True)
        clauses.setdefault(key, Clause(reading, own=reading != r0))
        clauses[key].add(d.judged_in(reading))
        for other in d.by_reading:  # the same design in other readings: shown, not counted
            if other != reading and d.judged_in(other) is not None:
                clauses.setdefault((other, False), Clause(other, counted=False))
                clauses[(other, False)].add(d.judged_in(other))

    def rank(key: tuple[str, bool]) -> tuple:
        reading, counted = key
        pos = labels.index(reading) if reading in labels else len(labels)
        return (not counted, reading != r0, pos)

    return Count(r0, [clauses[k] for k in sorted(clauses, key=rank)], beside)


def head_row(rows: pd.DataFrame, claim) -> pd.Series:
    """The row that heads the claim: the primary when it carries a verdict, else the first row
    (registry order) speaking for a voting design in the primary's reading, else the first
    speaking for a counted design, else :func:`gvc.claims.verdict.headline`."""
    order = [s.id for s in getattr(claim, "specifications", ())]
    head = headline(rows, order)
    if not order or str(head["specification"]) == order[0]:
        return head
    count = count_designs(rows, claim)
    for c in count.counted:
        ids = {i for v in c.names.values() for i in v}
        for sid in order:
            if sid in ids:
                return rows[rows["specification"] == sid].iloc[0].copy()
    return head


def _base(label: str) -> str:
    """``inconclusive, informative`` -> ``inconclusive`` (agreement is over rule labels)."""
    return INCONCLUSIVE if label.startswith(INCONCLUSIVE) else label


def design_counts(rows: pd.DataFrame, claim) -> tuple[Counter, dict[str, list[str]], int]:
    """(verdict -> number of designs, verdict -> the rows speaking for them, designs with a
    verdict), over the counted readings of :func:`count_designs`."""
    counts: Counter = Counter()
    names: dict[str, list[str]] = {}
    n = 0
    for c in count_designs(rows, claim).counted:
        counts.update(c.counts)
        for label, ids in c.names.items():
            names.setdefault(label, []).extend(ids)
        n += c.n
    return counts, names, n


def agree(rows: pd.DataFrame, claim) -> bool:
    """Whether the designs agree within every counted reading (True when none has a verdict)."""
    return not count_designs(rows, claim).mixed


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


def _reading_name(claim, reading: str) -> str:
    """``elasticity (%/%)``: the label of the reference in unit ``reading`` and the measure the
    unit starts with (the unit itself when several references share it)."""
    labels = [r.label for r in getattr(claim, "references", ()) if r.unit == reading]
    head = (reading.split() or [""])[0]
    if len(labels) != 1:
        return reading
    return f"{labels[0]} ({head})" if head and head not in labels[0] else labels[0]


def _counts_text(c: Clause, order: list[str]) -> str:
    """``consistent in 1 of 3 designs (C16-cset-2023); differs in 2 (...)``."""
    ranked = sorted(c.counts.items(), key=lambda kv: (-kv[1], order_of(kv[0], c.names, order)))
    return "; ".join(
        f"{label} in {k} of {c.n} {'design' if c.n == 1 else 'designs'} "
        f"({', '.join(c.names[label])})"
        if i == 0
        else f"{label} in {k} ({', '.join(c.names[label])})"
        for i, (label, k) in enumerate(ranked)
    )


def _clause_text(c: Clause, claim, order: list[str], named: bool, r0: str) -> str:
    name = _reading_name(claim, c.reading)
    body = _counts_text(c, order)
    if not c.counted:
        return f"Read as {name}, not counted: {body}"
    if c.own:
        return (
            f"Counted in their own reading (no verdict as {_reading_name(claim, r0)}), "
            f"{name}: {body}"
        )
    return f"{name}: {body}" if named else body


def headline_text(rows: pd.DataFrame, claim) -> str:
    """The headline of ``claim`` from its ledger ``rows`` (see the module docstring)."""
    order = [s.id for s in getattr(claim, "specifications", ())]
    head = head_row(rows, claim)
    count = count_designs(rows, claim)
    counted, n = count.counted, count.n
    named = len({c.reading for c in count.clauses if c.n}) > 1
    texts = [_clause_text(c, claim, order, named, count.reading) for c in count.clauses if c.n]
    shown = [t for c, t in zip([c for c in count.clauses if c.n], texts, strict=True) if c.counted]
    extra = [
        t for c, t in zip([c for c in count.clauses if c.n], texts, strict=True) if not c.counted
    ]
    mark = _indicative_mark(head)
    finding = _finding(head, mark if n else "")
    primary = rows[rows["specification"] == order[0]] if order else rows.iloc[0:0]
    substitute = (
        bool(order)
        and str(head["specification"]) != order[0]
        and not primary_runs(rows, claim)
        and head["verdict"] not in NO_VERDICT
    )
    pv = str(primary.iloc[0]["verdict"]) if len(primary) else "not run"
    if count.mixed:
        text = f"{MIXED}: " + ". ".join(shown)
        if finding:
            first = f"{_short(head)} -> {display_label(head)}"
            if substitute:
                # the registered primary has no estimate: say so, never call a stand-in primary
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
        if substitute and finding:
            text += f". Primary {order[0]}: {pv}; substitute design {head['specification']}"
        if len(counted) == 1 and not named:
            if n > 1:
                text += f" ({'both' if n == 2 else f'all {n}'} designs with a verdict agree)"
        elif shown:
            text += ". " + ". ".join(shown)
    if (
        not primary.empty
        and str(primary.iloc[0]["specification"]) != str(head["specification"])
        and primary.iloc[0]["verdict"] not in NO_ESTIMATE
        and not count.mixed
    ):
        text += f". The primary, {order[0]}, is {primary.iloc[0]['verdict']}"
    if extra:
        text += ". " + ". ".join(extra)
    if count.beside:
        stand = []
        for d in count.beside:
            r = d.judged_in(count.reading)
            r = d.row if r is None else r
            why = no_verdict_reason(r)
            stand.append(
                f"{r['specification']}: {_short(r) or 'no estimate'} -> {display_label(r)}"
                + (f" ({why})" if why else "")
            )
        text += ". Beside it, stand-in designs (other data, no vote): " + "; ".join(stand)
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
    designs carry a verdict, which near-duplicate rows were merged into which design, the
    stand-ins that do not vote beside a running primary, and the rows without a verdict
    (descriptive, not comparable); "" for a claim tested one way."""
    ds = designs(rows, claim)
    if len(rows) < 2:
        return ""
    _, _, n = design_counts(rows, claim)
    count = count_designs(rows, claim)
    where = how = ""
    if len({c.reading for c in count.clauses}) > 1 and count.counted:
        where = " in the counted reading" + ("s" if len(count.counted) > 1 else "") + ": "
        where += "; ".join(c.reading for c in count.counted)
        how = " (a design speaks in each reading through its first row of that reading)"
    parts = [
        f"{_plural(len(ds), 'distinct design')} ({_plural(n, 'design')} with a verdict{where})"
    ]
    merged = [d for d in ds if d.merged]
    if merged:
        parts.append(
            f"near-duplicates counted once{how}: "
            + "; ".join(f"{', '.join(d.merged)} with {d.root}" for d in merged)
        )
    beside = count.beside
    if beside:
        parts.append(
            "stand-in designs beside the running primary, no vote: "
            + ", ".join(d.root for d in beside)
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
