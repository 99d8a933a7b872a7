"""The claims ledger: completeness, structure, and every quote found in its seed file."""

from __future__ import annotations

import pytest

from gvc.claims.registry import (
    CLAIM_TYPES,
    CLAIMS,
    RULES,
    Claim,
    ReferenceValue,
    Specification,
    check_quotes,
    get_claim,
    is_seed_document,
    normalize_ws,
    seeds_dir,
)
from gvc.claims.verdict import assess


@pytest.fixture(scope="module")
def seeds():
    path = seeds_dir()
    if path is None:
        pytest.skip("set GVC_SEEDS or GVC_MIRROR (seeds/ next to the mirror) to check quotes")
    return path


def test_every_quote_is_in_its_seed(seeds):
    # quotes must be the documents' exact words, modulo whitespace
    assert check_quotes(seeds) == []


@pytest.mark.parametrize(
    "claim", [c for c in CLAIMS if is_seed_document(c.source)], ids=lambda c: c.id
)
def test_each_claim_quote_in_seed(seeds, claim):
    text = normalize_ws((seeds / claim.source).read_text(encoding="utf-8"))
    for quote in claim.quotes:
        assert normalize_ws(quote) in text, f"{claim.id}: {quote[:50]!r}"


def test_check_quotes_reports_a_wrong_quote(tmp_path):
    (tmp_path / "x.txt").write_text("Robots  raise\nparticipation by 2 points.")
    ok = Claim(
        "T1",
        "Robots raise participation",
        "x.txt",
        "none",
        "effect",
        (ReferenceValue("r", 1.0, "pts"),),
        (),
        (Specification("s", "d", "x", "r"),),
        True,
    )
    bad = Claim(
        "T2",
        "Robots lower participation",
        "x.txt",
        "none",
        "effect",
        (ReferenceValue("r", 1.0, "pts"),),
        (),
        (Specification("s", "d", "x", "r"),),
        True,
    )
    missing = Claim(
        "T3",
        "anything",
        "nope.txt",
        "none",
        "effect",
        (ReferenceValue("r", 1.0, "pts"),),
        (),
        (Specification("s", "d", "x", "r"),),
        True,
    )
    problems = check_quotes(tmp_path, [ok, bad, missing])
    assert len(problems) == 2
    assert problems[0].startswith("T2") and problems[1].startswith("T3")


def test_seed_documents_are_told_from_citations():
    assert is_seed_document("004_efb9977eb94b42d4.txt")
    assert not is_seed_document("https://example.org/report.txt")
    assert not is_seed_document("Huang et al. (2023), China Industrial Economy (02): 74-92")


def test_ids_unique_and_ordered():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    assert ids == [f"C{i}" for i in range(1, len(ids) + 1)]


def test_required_claims_registered():
    # issue 5: C1-C8 testable, and every other number in 004/001/003 registered
    for cid in ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C16"):
        assert get_claim(cid).testable
    numbers = {
        ref.value if ref.value is not None else ref.high
        for c in CLAIMS
        if not c.testable
        for ref in c.references
    }
    for n in (4500, 30, 32, 40, 20, 41, 118, -0.3, 500, 18, 14):
        assert n in numbers, n
    # C16 (85% of AI VC) is tested with the CSET private-investment proxy
    c16 = get_claim("C16")
    assert c16.text == "85% of global AI venture capital concentrated in the US, China, and Europe"
    assert c16.references[0].value == 85 and "proxy" in c16.references[0].unit
    assert [s.id for s in c16.specifications] == [
        "C16-cset-2023",
        "C16-cset-pooled",
        "C16-cset-2023-eu27",
    ]
    assert all(s.rule == "point" and s.tolerance == 2.5 for s in c16.specifications)
    assert "PROXY" in c16.primary.description
    c15 = next(c for c in CLAIMS if "15%-20%" in c.text)
    assert (c15.references[0].low, c15.references[0].high) == (15, 20)
    # 40% appears twice in 004 (R&D in 100 firms; Ascend computing density)
    assert sum(1 for c in CLAIMS for r in c.references if r.value == 40) == 2


def test_structure_of_each_claim():
    for c in CLAIMS:
        assert c.type in CLAIM_TYPES
        assert c.source.strip()  # a seed document (its quotes checked above) or a citation
        assert c.cited or not is_seed_document(c.source)
        assert c.references and all(r.unit for r in c.references)
        if c.testable:
            assert c.specifications and (c.data_needed or not c.family)
            assert c.primary is c.specifications[0]
            assert c.status == "testable with public data"
        else:
            assert not c.specifications and c.data_to_test
            assert c.status == "not testable with public data"
        spec_ids = [s.id for s in c.specifications]
        assert len(spec_ids) == len(set(spec_ids))
        for s in c.specifications:
            assert s.rule in RULES  # the registry's own list, not a copy of it
            # every reference can feed the verdict rule
            assess(
                0.1, -1, 1, c.reference(s.reference).target(), kind=s.rule, tolerance=s.tolerance
            )


def test_reference_values_of_headline_claims():
    c1 = get_claim("C1")
    assert c1.reference("points on points").value == -0.8
    assert c1.reference("elasticity").value == -0.8
    assert c1.reference("points per percent").value == -0.8  # issue 9, reading (b)
    assert {s.reference for s in c1.specifications} == {
        "points on points",
        "elasticity",
        "points per percent",
    }
    assert c1.primary.id == "C1-ifr-elast"  # the cited design, unit-free reading
    c2 = get_claim("C2")
    assert c2.reference("AI Index MMLU 2023").value == 17.5
    assert c2.reference("AI Index MMLU 2024").value == 0.3
    assert c2.reference("AI Index HumanEval 2023").value == 31.6
    assert c2.reference("AI Index HumanEval 2024").value == 3.7
    c3 = get_claim("C3")
    assert (c3.reference("level 2015").value, c3.reference("level 2023").value) == (18.7, 12.3)
    assert c3.reference("trend 2015-2023").value == pytest.approx((12.3 - 18.7) / 8)
    assert get_claim("C4").reference("points on points").value == 0.5
    assert get_claim("C5").reference("trend").value == -0.6
    assert get_claim("C7").reference("consecutive years").value == 15
    assert get_claim("C6").references[0].direction == 1
    assert get_claim("C8").references[0].direction == -1
    c8 = get_claim("C8")
    assert [s.id for s in c8.specifications] == ["C8-alfs-output", "C8-alfs-output-post2010"]
    assert c8.reference(c8.specification("C8-alfs-output").reference).direction == -1
    # C1's IFR design (issue 9): the three readings of the claim and their references
    assert c1.specification("C1-ifr-pp").reference == "points on points"
    assert c1.specification("C1-ifr-semi").reference == "points per percent"
    assert c1.specification("C1-ifr-elast").reference == "elasticity"
    # the ECI gap (index points) is context, not a spec graded against "single digits" (pts)
    assert all("eci" not in s.id for s in c2.specifications)
    for s in c2.specifications:
        assert c2.reference(s.reference).unit.startswith("pts")


def test_claim_validation():
    ref = (ReferenceValue("r", 1.0, "pts"),)
    with pytest.raises(ValueError, match="type"):
        Claim("X", "t", "s", "c", "opinion", ref, (), (), False, "data")
    with pytest.raises(ValueError, match="specification"):
        Claim("X", "t", "s", "c", "effect", ref, (), (), True)
    with pytest.raises(ValueError, match="what data"):
        Claim("X", "t", "s", "c", "effect", ref, (), (), False)
    with pytest.raises(ValueError, match="unknown reference"):
        Claim("X", "t", "s", "c", "effect", ref, (), (Specification("s", "d", "x", "nope"),), True)
    with pytest.raises(KeyError):
        get_claim("C999")
    with pytest.raises(ValueError):
        ReferenceValue("empty", None, "pts").target()


def test_seeds_dir_from_env(monkeypatch, tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "mirror").mkdir()
    monkeypatch.delenv("GVC_SEEDS", raising=False)
    monkeypatch.setenv("GVC_MIRROR", str(tmp_path / "mirror"))
    assert seeds_dir() == (tmp_path / "seeds").resolve()
    monkeypatch.setenv("GVC_SEEDS", str(tmp_path))
    assert seeds_dir() == tmp_path.resolve()
    assert seeds_dir(tmp_path / "seeds") == (tmp_path / "seeds").resolve()
    monkeypatch.delenv("GVC_SEEDS")
    monkeypatch.delenv("GVC_MIRROR")
    assert seeds_dir() is None


def test_every_seed_source_has_a_title_in_words(seeds):
    """Report sections name the seed document by author and title, the file in parentheses
    (issue 21); the title is the document's own first heading line."""
    from gvc.claims.registry import read_seed_claims, source_in_words

    for claim in read_seed_claims():
        if not is_seed_document(claim.source):  # a citation is shown as written
            assert source_in_words(claim.source) == claim.source
            continue
        words = source_in_words(claim.source)
        assert words != claim.source and words.endswith(f"(seed document {claim.source})")
        title = words.split('"')[1]
        head = (seeds / claim.source).read_text(encoding="utf-8")[:2000]
        assert title.split(":")[0] in head, (claim.id, title)
    assert source_in_words("my paper (2024)") == "my paper (2024)"
