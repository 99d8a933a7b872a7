"""The claims ledger: one :class:`Claim` per quantitative statement gvc reports by default.

The claims are data: ``gvc/claims/data/seed_claims.toml`` (package data), read and validated
on import by :func:`read_seed_claims` (the one schema and loader of every claims file:
:mod:`gvc.claims.claim_schema`, :mod:`gvc.claims.claim_loader`) into :data:`CLAIMS`. To add or
change a claim, edit that file. A spec is computed by the function it names (``function =
"module:callable"``, like a user's claim) or by the claim's family module (``family = "c1"`` ->
``gvc.claims.families.c1``, in the four-step layout of :mod:`gvc.claims.families.layout`).

Most claims come from the seed documents in the seeds folder (named by ``GVC_SEEDS`` or found
beside the mirror, see :func:`seeds_dir`); ``004`` carries most numbers. A claim whose
``source`` is a seed document quotes its exact words (``text``, plus any ``also_quoted``
restatements); :func:`check_quotes` verifies each quote against its seed file, modulo
whitespace. Any other source (a URL, a citation) is allowed and not checked.

Units used in reference values:

- ``pct``: a percentage, 0-100 (a ``share`` in [0, 1] times 100);
- ``pts``: percentage points (a difference of two ``pct`` values);
- ``pts/yr``: percentage points per year (a linear trend);
- ``%/%``: an elasticity (percent change of y per percent change of x).

Specifications are ordered: the first one is the pre-registered primary specification, which the
headline rule (:func:`gvc.claims.verdict.headline`) uses first. Each specification names the
reference value it is compared with (``reference``) and the verdict rule (``rule``, see
:func:`gvc.claims.verdict.verdict`; ``tolerance`` applies to point comparisons).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gvc.claims.claim_loader import read_claims, scope_from_table
from gvc.claims.claim_record import (
    BOUNDS,
    CLAIM_TYPES,
    NOT_TESTABLE,
    RULES,
    TESTABLE,
    Claim,
    ReferenceValue,
    Scope,
    Specification,
)
from gvc.claims.claim_schema import ClaimsFileError

SEED_000 = "000_fd5669d5293de010.txt"
"""He Ping and Yu Kaibo (2021), 'AI-Driven Production Reshapes Global Economy'."""
SEED_001 = "001_11382067a04d8968.txt"
"""'AI-Powered Industrial Reforms in China' (news feature, no author)."""
SEED_002 = "002_fe10929fcbb6bb9b.txt"
"""J. Choi (2023), 'Democratization of Production Power in the AI era' (no testable numbers)."""
SEED_003 = "003_f001cba573bcb202.txt"
"""Deep News (2026-01-02), 'New Observations on Chinese Manufacturing'."""
SEED_004 = "004_efb9977eb94b42d4.txt"
"""Changjing Ma, 'Artificial Intelligence and Globalized Division of Labor: Research Progress
and Future Prospects' (carries most numbers)."""

SEED_CLAIMS_FILE = Path(__file__).resolve().parent / "data" / "seed_claims.toml"
"""The seed registry as data (package data): one ``[[claim]]`` per claim, with its
``[[claim.reference]]`` and ``[[claim.spec]]`` tables; schema in :mod:`gvc.claims.claim_schema`."""


def read_seed_claims(path: str | os.PathLike = SEED_CLAIMS_FILE) -> list[Claim]:
    """The claims of a seed registry file, validated on load, in ledger order (``C1``, ``C2``,
    ...): :func:`gvc.claims.claim_loader.read_claims` (the loader of every claims file), plus the
    registry's rules: ids ``C<N>``, and a ``family`` for every spec that names no ``function``.

    Raises:
        gvc.claims.claim_schema.ClaimsFileError: the file does not fit the schema or a claim is
            inconsistent (one line naming the file, the claim and the field).
    """
    out = read_claims(path)
    for c in out:
        where = f"{path}: claim {c.id!r}"
        if not re.fullmatch(r"C[1-9][0-9]*", c.id):
            raise ClaimsFileError(f"{where}: field 'id' must be C1, C2, ...")
        if c.family_specs and not c.family:
            raise ClaimsFileError(
                f"{where}: field 'family' is missing (the module computing the specs that name "
                "no 'function')"
            )
    return sorted(out, key=lambda c: int(c.id[1:]))


CLAIMS: list[Claim] = read_seed_claims()
"""Every registered claim, in ledger order (from :data:`SEED_CLAIMS_FILE`). Seed 002 carries no
quantitative statement."""


def get_claim(claim_id: str) -> Claim:
    """The claim with id ``claim_id`` (e.g. ``"C2"``)."""
    for claim in CLAIMS:
        if claim.id == claim_id:
            return claim
    raise KeyError(f"no claim {claim_id!r}; known: {[c.id for c in CLAIMS]}")


def seeds_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The folder holding the seed documents.

    ``override``, else ``$GVC_SEEDS``, else ``seeds/`` next to the mirror (``$GVC_MIRROR/../seeds``),
    else None.
    """
    if override is not None:
        return Path(override).expanduser().resolve()
    if os.environ.get("GVC_SEEDS"):
        return Path(os.environ["GVC_SEEDS"]).expanduser().resolve()
    if os.environ.get("GVC_MIRROR"):
        candidate = Path(os.environ["GVC_MIRROR"]).expanduser().resolve().parent / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def is_seed_document(source: str) -> bool:
    """Whether a claim's ``source`` names a seed document (a ``.txt`` file name in the seeds
    folder, such as ``004_efb9977eb94b42d4.txt``) rather than a citation or a URL."""
    return bool(re.fullmatch(r"[\w.-]+\.txt", source))


def check_quotes(directory: str | os.PathLike, claims: list[Claim] | None = None) -> list[str]:
    """Problems with the quotes of the claims whose source is a seed document
    (:func:`is_seed_document`): each quote must occur in its seed file (modulo whitespace).
    Returns one message per missing file or quote; an empty list means all found. Claims from
    other sources are not checked."""
    problems: list[str] = []
    texts: dict[str, str] = {}
    for claim in claims if claims is not None else CLAIMS:
        if not is_seed_document(claim.source):
            continue
        path = Path(directory) / claim.source
        if claim.source not in texts:
            if not path.is_file():
                problems.append(f"{claim.id}: seed file {path} not found")
                texts[claim.source] = ""
                continue
            texts[claim.source] = normalize_ws(path.read_text(encoding="utf-8"))
        for quote in claim.quotes:
            if normalize_ws(quote) not in texts[claim.source]:
                problems.append(f"{claim.id}: quote not found in {claim.source}: {quote[:60]!r}")
    return problems


SEED_DOCUMENTS_FILE = Path(__file__).resolve().parent / "data" / "seed_documents.csv"
"""The seed documents' titles and authors (package data), by file name."""


def source_in_words(source: str) -> str:
    """A claim's ``source`` as a reader names it: the seed document's author and title with
    the file in parentheses (``Changjing Ma, "Artificial Intelligence and ..." (seed document
    004_efb9977eb94b42d4.txt)``); any other source unchanged."""
    import csv

    with open(SEED_DOCUMENTS_FILE, encoding="utf-8", newline="") as fh:
        docs = {r["file"]: r for r in csv.DictReader(fh)}
    doc = docs.get(str(source))
    if doc is None:
        return str(source)
    who = f"{doc['author']}, " if doc["author"] else ""
    return f'{who}"{doc["title"]}" (seed document {source})'


__all__ = [
    "BOUNDS",
    "CLAIMS",
    "CLAIM_TYPES",
    "NOT_TESTABLE",
    "RULES",
    "SEED_CLAIMS_FILE",
    "TESTABLE",
    "Claim",
    "ReferenceValue",
    "Scope",
    "Specification",
    "check_quotes",
    "get_claim",
    "is_seed_document",
    "read_seed_claims",
    "scope_from_table",
    "seeds_dir",
    "source_in_words",
]
