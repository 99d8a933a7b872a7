"""EXIOBASE 3 monetary multi-regional input-output tables."""

from __future__ import annotations


def is_exiobase_zip(names: list[str]) -> bool:
    """True when a zip holds an EXIOBASE 3 system: ``Y.txt`` beside ``Z.txt`` or ``A.txt``."""
    base = {n.rsplit("/", 1)[-1] for n in names}
    return "Y.txt" in base and bool({"Z.txt", "A.txt"} & base)
