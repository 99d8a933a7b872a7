"""Notebooks are stored without outputs, and the claim notebooks that use the four-step layout
check their own computation against the ledger (issue 15, part 8). Executing them is nbmake's
job (`make test`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert code, path.name
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), (
        f"{path.name} has outputs: clear them before committing"
    )


CLAIM_NOTEBOOKS = [p for p in NOTEBOOKS if re.match(r"\d\d_c\d+_", p.name)]


@pytest.mark.parametrize("path", CLAIM_NOTEBOOKS, ids=lambda p: p.name)
def test_claim_notebook_asserts_the_ledger_row(path):
    """Each claim notebook calls its family's steps, recomputes the primary row and asserts it
    equals the ledger's, and shows the verdict, the figure and the caveats."""
    source = "\n".join("".join(c["source"]) for c in _cells(path))
    m = re.search(r'family\("(C\d+)"\)', source)
    assert m is not None, f"{path.name}: does not use its family's steps (family(id))"
    assert "fam.data(gvc.load)" in source and "fam.estimate(d)" in source
    primary = re.findall(r'\.loc\["(C\d+-[\w-]+)"\]', source)
    from gvc.claims.registry import get_claim

    claim = get_claim(m.group(1))
    assert claim.primary.id in primary, f"{path.name} does not check the primary row"
    # the recomputed estimate is asserted equal to the ledger row's (within a tolerance)
    assert re.search(r"assert (abs\(|math\.isclose\()", source), path.name
    assert "row.verdict" in source and "fam.figures(" in source and "caveats" in source
