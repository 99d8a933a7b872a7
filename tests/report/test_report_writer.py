"""write_report: files, claims.csv, self-contained HTML, determinism, watermark, atomicity."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from gvc.claims.ledger import LEDGER_COLUMNS
from gvc.report import write_report, writer
from gvc.report.figures import png_text
from gvc.report.manifest import PACKAGES, without_timing

from .conftest import WATERMARK, _row, make_ledger, make_sections


def snapshot(d: Path) -> dict[str, bytes]:
    """Every file under ``d`` (hidden ones included) by relative path."""
    return {
        p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()
    }


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


EXPECTED_FILES = {
    "claims.csv",
    "claims.md",
    "index.html",
    "manifest.json",
    "figures/c1_participation.png",
    *(f"tables/{n}.{e}" for n in ("c1_main", "c2_gap") for e in ("tex", "md", "html")),
    "tables/c2_gap.csv",  # data tables (DataFrames) also as CSV; c1_main is a regression table
}


def test_writes_every_file(tmp_path, inputs):
    out = write_report(tmp_path / "rep", **inputs)
    assert set(out) == EXPECTED_FILES
    assert set(snapshot(tmp_path / "rep")) == EXPECTED_FILES
    for rel, p in out.items():
        assert p == (tmp_path / "rep" / rel).resolve() and p.stat().st_size > 0
    assert (tmp_path / "rep/tables/c1_main.tex").read_text().startswith("\\begin{tabular}")
    assert "\\toprule" in (tmp_path / "rep/tables/c2_gap.tex").read_text()
    assert "17.51" in (tmp_path / "rep/tables/c2_gap.md").read_text()
    figure = (tmp_path / "rep/figures/c1_participation.png").read_bytes()
    assert figure == inputs["sections"][0].figures[0].read_bytes()


def test_claims_csv_columns_rows_and_formatting(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    text = (tmp_path / "claims.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(LEDGER_COLUMNS)
    assert "\r" not in text
    rows = read_csv_rows(tmp_path / "claims.csv")
    assert len(rows) == len(inputs["ledger"])
    # registry order of claims (C1, C2, C4), unregistered C9 last; input order within a claim
    assert [(r["claim_id"], r["specification"]) for r in rows] == [
        ("C1", "pts_on_pts"),
        ("C1", "elasticity"),
        ("C2", "mmlu_gap"),
        ("C4", "youth"),
        ("C9", ""),
    ]
    first = rows[0]
    assert first["estimate"] == "0.412346"  # 6 significant digits
    assert first["n_obs"] == "1234" and rows[1]["n_obs"] == "1234"
    assert rows[2]["estimate"] == "0.3"  # 0.3000000000000001 -> 0.3
    assert rows[3]["estimate"] == rows[3]["ci_low"] == rows[3]["n_obs"] == ""
    assert rows[4]["verdict"] == "not testable"


def test_ledger_with_wrong_columns_is_rejected(tmp_path, inputs):
    bad = inputs["ledger"].assign(extra=1)
    with pytest.raises(ValueError, match="unexpected"):
        write_report(tmp_path / "r", **{**inputs, "ledger": bad})
    with pytest.raises(ValueError, match="missing"):
        write_report(tmp_path / "r", **{**inputs, "ledger": inputs["ledger"].drop(columns="note")})
    assert not (tmp_path / "r").exists()


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_with_verdict_table(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    audit = _Audit()
    audit.feed(page)
    tags = [t for t, _ in audit.tags]
    for forbidden in ("script", "link", "iframe", "object", "embed", "base"):
        assert forbidden not in tags
    for tag, attrs in audit.tags:
        if "src" in attrs:
            assert attrs["src"].startswith("data:image/png;base64,"), (tag, attrs["src"][:40])
        if "href" in attrs:
            assert tag == "a", tag
            href = attrs["href"]
            assert href.startswith("#") or href.startswith(("https://", "http://")), href
    low = page.lower()
    assert "@import" not in low and "url(" not in low
    imgs = [a for t, a in audit.tags if t == "img"]
    assert len(imgs) == 1
    # the one external link is the one written in the section's context text
    assert [a["href"] for t, a in audit.tags if t == "a" and a["href"].startswith("http")] == [
        "https://doi.org/10.1016/j.jinteco.2023.103806"
    ]
    # verdict table: one row per claim, with a coloured badge
    assert page.count('id="verdict-table"') == 1
    rows = [a for t, a in audit.tags if t == "tr" and a.get("class") == "verdict-row"]
    assert [r["data-verdict"] for r in rows] == [
        "contradicted",
        "consistent",
        "data unavailable",
        "not testable",
    ]
    assert "background:#d73027" in page and "background:#1a9850" in page
    for needle in (
        "What was claimed",
        "Data availability",
        "no open data",
        "Caveats",
        "Context",
        "Artuc, Bastos and Rijkers",
        'id="claim-c1"',
        'href="#claim-c1"',
    ):
        assert needle in page, needle


def test_markdown_report(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    md = (tmp_path / "claims.md").read_text(encoding="utf-8")
    assert md.startswith("# gvc: claims re-estimated from real data\n")
    for needle in (
        "## Verdicts",
        "## C1: Robots and GVC participation",
        "## C2: US-China gap on MMLU",
        "![C1: c1_participation.png](figures/c1_participation.png)",
        "**Table c1_main**",
        "0.412***",
        "## Data availability",
        "HumanEval: **no open data** here.",
        "🔴 Contradicted: Japan industry panel",
    ):
        assert needle in md, needle


def test_manifest(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert set(PACKAGES) <= set(man["packages"]) and man["packages"]["pandas"] == pd.__version__
    assert man["raw_files"] == inputs["manifest"]["raw_files"]
    assert man["seeds"] == {"bootstrap": 20240611}
    assert man["git_commit"] is None or len(man["git_commit"]) == 40
    assert man["deterministic_except"] == ["timing"]
    assert man["timing"]["run_started_at"] == "2026-01-01T00:00:00+00:00"
    assert {"report_started_at", "report_finished_at", "report_seconds"} <= set(man["timing"])
    assert set(man["files"]) == EXPECTED_FILES - {"manifest.json"}
    with pytest.raises(ValueError, match="computed by the report writer"):
        write_report(tmp_path / "x", **{**inputs, "manifest": {"packages": {}}})


def test_second_run_is_byte_identical_except_timing(tmp_path, inputs):
    a, b = tmp_path / "a", tmp_path / "b"
    write_report(a, **inputs)
    first = snapshot(a)
    # a fresh "run": the figure is drawn and saved again, the ledger rebuilt
    again = {**inputs, "ledger": make_ledger(), "sections": make_sections(tmp_path / "fig2")}
    write_report(a, **again)
    write_report(b, **again)
    for second in (snapshot(a), snapshot(b)):
        assert set(second) == set(first)
        for rel in first:
            if rel == "manifest.json":
                assert without_timing(second[rel].decode()) == without_timing(first[rel].decode())
            else:
                assert second[rel] == first[rel], rel
    # only the timing block differs in manifest.json's text
    strip = [ln for ln in first["manifest.json"].decode().splitlines() if "report_" not in ln]
    strip2 = [
        ln for ln in snapshot(b)["manifest.json"].decode().splitlines() if "report_" not in ln
    ]
    assert strip == strip2


def test_watermark_in_every_file(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    out = write_report(tmp_path, **inputs, watermark=WATERMARK)
    assert set(out) == EXPECTED_FILES
    for rel, path in out.items():
        data = path.read_bytes()
        if rel.endswith(".png"):
            assert png_text(data)["Warning"] == WATERMARK
        else:
            assert WATERMARK.encode() in data, rel
    page = out["index.html"].read_text()
    assert f'<div class="banner" role="alert">{WATERMARK}</div>' in page
    assert f'<div class="wm" aria-hidden="true">{WATERMARK}</div>' in page
    assert "rotate(-30deg)" in page
    md = out["claims.md"].read_text()
    assert md.count(WATERMARK) >= 1 + len(inputs["sections"])
    for row in read_csv_rows(out["claims.csv"]):
        assert row["note"].startswith(f"[{WATERMARK}]")
    assert json.loads(out["manifest.json"].read_text())["watermark"] == WATERMARK
    # the figure (saved without a watermark) was stamped visibly: same size, other pixels
    plain = inputs["sections"][0].figures[0].read_bytes()
    stamped = out["figures/c1_participation.png"].read_bytes()
    assert stamped != plain
    from PIL import Image

    with Image.open(io.BytesIO(plain)) as p, Image.open(io.BytesIO(stamped)) as s:
        assert p.size == s.size


def test_failing_table_leaves_previous_report_intact(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    before = snapshot(tmp_path)
    broken = {**inputs, "sections": make_sections(tmp_path.parent / "f2", bad_table=True)}
    broken["ledger"] = broken["ledger"].assign(note="changed")
    with pytest.raises(RuntimeError, match="table rendering failed"):
        write_report(tmp_path, **broken)
    assert snapshot(tmp_path) == before


def test_failing_rename_rolls_back(tmp_path, inputs, monkeypatch):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    before = snapshot(tmp_path)
    calls = {"n": 0}
    real = writer._replace

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full (simulated)")
        real(src, dst)

    monkeypatch.setattr(writer, "_replace", flaky)
    changed = {**inputs, "ledger": inputs["ledger"].assign(note="changed"), "watermark": WATERMARK}
    with pytest.raises(OSError, match="simulated"):
        write_report(tmp_path, **changed)
    assert calls["n"] == 4
    assert snapshot(tmp_path) == before  # restored, and no temporary or backup files left


def test_fresh_directory_failure_leaves_nothing(tmp_path, inputs, monkeypatch):
    def boom(src, dst):
        raise OSError("simulated")

    monkeypatch.setattr(writer, "_replace", boom)
    with pytest.raises(OSError):
        write_report(tmp_path / "new", **inputs)
    assert snapshot(tmp_path / "new") == {}


def test_stale_tables_and_figures_are_removed_but_other_entries_kept(tmp_path, inputs):
    tmp_path = tmp_path / "rep"
    write_report(tmp_path, **inputs)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "index.html").write_text("demo")
    fewer = {**inputs, "sections": [inputs["sections"][1]]}
    out = write_report(tmp_path, **fewer)
    files = set(snapshot(tmp_path))
    assert "tables/c1_main.tex" not in files and "figures/c1_participation.png" not in files
    assert "tables/c2_gap.tex" in files and "demo/index.html" in files
    assert set(out) <= files


def test_duplicate_names_rejected(tmp_path, inputs):
    s1, s2 = inputs["sections"]
    s2.tables = {"c1_main": pd.DataFrame({"a": [1]})}
    with pytest.raises(ValueError, match="two tables named c1_main"):
        write_report(tmp_path / "r", **inputs)
    assert not (tmp_path / "r").exists()


def test_ledger_built_by_the_claims_package(tmp_path, inputs):
    """Rows from gvc.claims.ledger (ledger_row, untested_rows) go through unchanged."""
    from gvc.claims.ledger import ledger_row, untested_rows
    from gvc.claims.registry import CLAIMS

    testable = [c for c in CLAIMS if c.testable]
    rows = [ledger_row(c, c.specifications[0].id, None) for c in testable]
    rows.append(ledger_row(testable[0], testable[0].specifications[0].id, -0.5, -0.9, -0.1, 321))
    ledger = pd.concat([pd.DataFrame(rows), untested_rows()], ignore_index=True)
    out = write_report(tmp_path / "rep", **{**inputs, "ledger": ledger})
    got = read_csv_rows(out["claims.csv"])
    assert len(got) == len(ledger)
    ids = [r["claim_id"] for r in got]
    order = {c.id: i for i, c in enumerate(CLAIMS)}
    assert ids == sorted(ids, key=order.__getitem__)
    assert {r["claim_id"] for r in got} == {c.id for c in CLAIMS}
    page = out["index.html"].read_text()
    assert page.count('class="verdict-row"') == len(CLAIMS)


def test_all_tests_tables_show_clusters_sample_and_inference(tmp_path, inputs):
    ledger = inputs["ledger"].copy()
    i = ledger.index[ledger["specification"] == "pts_on_pts"][0]
    ledger.loc[i, ["n_clusters", "sample", "inference"]] = [
        12,
        "12 countries x 6 years (60 obs); 7 singletons dropped",
        "wild cluster bootstrap by iso3, Webb weights, 999 draws",
    ]
    write_report(tmp_path / "rep", **{**inputs, "ledger": ledger})
    rows = read_csv_rows(tmp_path / "rep/claims.csv")
    row = next(r for r in rows if r["specification"] == "pts_on_pts")
    assert row["n_clusters"] == "12"
    assert row["sample"].endswith("7 singletons dropped")
    assert row["inference"].startswith("wild cluster bootstrap")
    for page in ("claims.md", "index.html"):
        text = (tmp_path / "rep" / page).read_text(encoding="utf-8")
        assert "12 countries x 6 years (60 obs); 7 singletons dropped" in text, page
        assert "Inference" in text, page


def test_ledger_tables_never_print_a_nonzero_estimate_as_zero(tmp_path, inputs):
    """claims.md's tables round estimates to what the CI supports, like its bullet list, but a
    nonzero estimate keeps one significant digit (0.067 with CI [-5.57, 6.80] -> 0.07)."""
    ledger = pd.concat(
        [inputs["ledger"], pd.DataFrame([_row("C1", "C1-jp-pp", 0.066892, -5.5694, 6.80135, 170,
                                              "inconclusive")])],
        ignore_index=True,
    )  # fmt: skip
    write_report(tmp_path / "r", **{**inputs, "ledger": ledger})
    md = (tmp_path / "r" / "claims.md").read_text()
    line = next(x for x in md.splitlines() if x.startswith("| C1 | C1-jp-pp"))
    assert "| 0.07 | [-6, 7] |" in line
