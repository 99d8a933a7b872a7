"""End to end: `gvc reproduce` from the real mirror, and `gvc reproduce --demo` offline."""

from __future__ import annotations

import json
import math
import os

import pandas as pd
import pytest

from gvc.claims.ledger import LEDGER_COLUMNS
from gvc.claims.registry import CLAIMS


def _files(d):
    return {
        p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def report(built_data, tmp_path_factory):
    from gvc.pipeline import reproduce

    old = os.environ.get("GVC_DATA_DIR")
    os.environ["GVC_DATA_DIR"] = str(built_data)
    try:
        out = tmp_path_factory.mktemp("rep") / "reports"
        reproduce(out)
        first = _files(out)
        reproduce(out)
        second = _files(out)
    finally:
        if old is None:
            os.environ.pop("GVC_DATA_DIR", None)
        else:
            os.environ["GVC_DATA_DIR"] = old
    return out, first, second


def test_report_layout_and_ledger(report):
    out, _, _ = report
    for name in ("claims.csv", "claims.md", "index.html", "manifest.json"):
        assert (out / name).is_file()
    assert list((out / "figures").glob("*.png")) and list((out / "tables").glob("*.tex"))
    ledger = pd.read_csv(out / "claims.csv")
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert set(ledger.claim_id) == {c.id for c in CLAIMS}  # the ledger is complete


def test_every_testable_claim_has_a_real_data_estimate(report):
    out, _, _ = report
    ledger = pd.read_csv(out / "claims.csv")
    for claim in CLAIMS:
        rows = ledger[ledger.claim_id == claim.id]
        if claim.testable:
            assert rows.estimate.map(math.isfinite).any(), claim.id
            assert len(rows) == len(claim.specifications)
        else:
            assert (rows.verdict == "not testable").all()


def test_second_run_identical_except_timing(report):
    _, first, second = report
    assert first.keys() == second.keys()
    for name in first:
        if name != "manifest.json":
            assert first[name] == second[name], name
    m1, m2 = (json.loads(x["manifest.json"]) for x in (first, second))
    m1.pop("timing"), m2.pop("timing")
    assert m1 == m2
    assert m1["raw_files"] and all(len(v) == 64 for v in m1["raw_files"].values())


def test_unavailable_source_degrades_unless_strict(tmp_path, monkeypatch, mirror):
    """A mirror without Epoch: C2 says 'data unavailable' with how to get it; --strict fails."""
    import requests
    from click.testing import CliRunner

    from gvc.cli import main
    from gvc.sources import acquire

    partial = tmp_path / "mirror"
    partial.mkdir()
    for d in mirror.iterdir():
        if d.is_dir() and d.name != "epoch":
            (partial / d.name).symlink_to(d)
    monkeypatch.setenv("GVC_MIRROR", str(partial))
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(acquire, "BACKOFF_S", 0.0)

    def offline(*a, **k):
        raise requests.ConnectionError("offline")

    monkeypatch.setattr(requests, "get", offline)
    from gvc.panels.build import build

    build(
        [n for n in ("countries", "wdi", "robots", "patents", "adb_gvc", "manufacturing_va")],
        progress=False,
    )
    res = CliRunner().invoke(main, ["reproduce", "--strict", "--out", str(tmp_path / "strict")])
    assert res.exit_code != 0
    assert "epoch" in res.output
    from gvc.pipeline import _loader, build_all, run_claims

    status = build_all(strict=False)
    assert status["ai_benchmarks"].startswith("unavailable")
    ledger, _ = run_claims(_loader(status), tmp_path / "figs")
    c2 = ledger[ledger.claim_id == "C2"]
    assert (c2.verdict == "data unavailable").all()
    assert c2.note.str.contains("epoch").all()


def test_real_report_renders_in_headless_chromium(report, tmp_path):
    import io

    import numpy as np
    from PIL import Image
    from report.test_report_browser import HEIGHT, WIDTH, colour_pixels, run_chromium

    from gvc.report import VERDICT_COLOURS

    out, _, _ = report
    url = (out / "index.html").as_uri()
    shot = tmp_path / "real.png"
    run_chromium(tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", url)
    with Image.open(io.BytesIO(shot.read_bytes())) as im:
        img = np.asarray(im.convert("RGB"), dtype=int)
    top = img[:1200]  # the verdict table is the first thing on the page
    # issue 20: the headlines are now mixed (C2, C16), not comparable (C3, C6) and
    # inconclusive, uninformative (C4, C5, C8); consistent (C7) sits lower in the taller table
    for verdict in ("mixed", "not comparable", "inconclusive, uninformative"):
        assert colour_pixels(top, VERDICT_COLOURS[verdict]) > 200, verdict
    dom = run_chromium(tmp_path, "--dump-dom", url).stdout.decode()
    assert '<table id="verdict-table">' in dom
    assert dom.count('class="verdict-row"') == len(CLAIMS)


def test_real_report_reads_on_one_screen_width(report, tmp_path):
    """At 1,400 px: the verdict table starts on the first screen, nothing overflows sideways,
    and the page stays under 19,500 px (long data sit in collapsed blocks and CSV files). The
    budget was 15,000 px until issue 20 added, per claim, the inference that ran, the design
    counts and the printed 95% CI rows of the regression tables (14,353 -> about 16,100 px), and
    17,000 px until issue 21 put the wide C1 and C5 figures across the page width (about
    18,000 px)."""
    from report.test_report_browser import page_metrics

    out, _, _ = report
    m = page_metrics(tmp_path, out / "index.html", width=1400, height=900)
    assert m["T"] < 450, m
    assert m["W"] <= 1400, m
    assert m["H"] < 19_500, m


# -- issue 20: verdicts a referee signs ---------------------------------------------------------
METHODS = {
    # words that name a variance estimator -> the words the inference column uses for it
    "Newey-West": "Newey-West",
    "EWC": "equal-weighted cosine",
    "equal-weighted cosine": "equal-weighted cosine",
    "Driscoll-Kraay": "Driscoll-Kraay",
    "wild": "wild cluster bootstrap",
    "iid": "iid",
}


def _named(text: str) -> set[str]:
    return {m for m in METHODS if m in text}


def test_method_words_match_the_inference_that_ran(report):
    """The TOML descriptions, and each claim's Specification section in claims.md and
    index.html, name only variance estimators that the claim's rows ran (column inference)."""
    from html import unescape

    out, _, _ = report
    ledger = pd.read_csv(out / "claims.csv", keep_default_na=False)
    estimated = ledger[ledger.estimate.astype(str) != ""]
    for claim in CLAIMS:
        rows = estimated[estimated.claim_id == claim.id]
        for spec in claim.specifications:
            inf = " ".join(rows.loc[rows.specification == spec.id, "inference"])
            if not inf:
                continue  # no estimate: nothing ran (e.g. the user's licensed IFR file)
            for m in _named(spec.description):
                assert METHODS[m] in inf, (spec.id, m, inf)
    md = (out / "claims.md").read_text()
    page = unescape((out / "index.html").read_text())
    ran = " ".join(ledger.inference)
    for text in (md, page):
        assert ("Newey-West" in text) == ("Newey-West" in ran)
    for claim in CLAIMS:
        if not claim.testable:
            continue
        inf = " ".join(ledger.loc[ledger.claim_id == claim.id, "inference"])
        section = md.split(f"## {claim.id}: ", 1)[1].split("### Specification", 1)[1]
        section = section.split("### Result", 1)[0]
        assert "Inference as run" in section or not inf.strip(), claim.id
        written = section.split("Inference as run", 1)[0]  # the rest is the column itself
        for m in _named(written):
            assert METHODS[m] in inf, (claim.id, m)


def test_no_interval_verdict_from_fewer_than_8_time_points(report):
    out, _, _ = report
    ledger = pd.read_csv(out / "claims.csv", keep_default_na=False)
    short = ledger[ledger.inference.str.contains(r"indicative \(n = [1-7]\)")]
    assert len(short) >= 10  # C3, C4, C5 short series
    assert set(short.verdict) <= {"descriptive", "not comparable"}


def test_headlines_mixed_c3_china_c8_randomization_and_draws(report):
    out, _, _ = report
    md = (out / "claims.md").read_text()
    table = md.split("## Verdicts", 1)[1].split("Legend:", 1)[0]
    heads = {
        line.split("|")[1].strip().split("]")[0].lstrip("["): line.split("|")[3]
        for line in table.splitlines()
        if line.startswith("| [C")
    }
    for cid in ("C2", "C16"):  # their designs disagree
        head = heads[cid].lower()  # the table writes the verdict word capitalised
        assert "mixed:" in head and " of " in head and "designs" in head, cid
    # C1's stand-in designs agree once both are read as elasticities (the primary's reading);
    # their points-on-points rows are shown, not counted
    c1 = heads["C1"].lower()
    assert c1.strip().split(": ")[0].endswith("claimed size rejected, sign undetermined"), c1
    assert "mixed" not in c1 and "elasticity (%/%): claimed size rejected" in c1
    assert "read as points on points (pts), not counted: inconclusive" in c1
    assert "with China" in heads["C3"] and "without China" in heads["C3"]
    ledger = pd.read_csv(out / "claims.csv", keep_default_na=False)
    c8 = ledger[ledger.claim_id == "C8"]
    assert c8.note.str.contains("randomization inference over all 9,880 assignments").all()
    assert c8.note.str.contains("minimum detectable effect").all()
    wild = ledger[ledger.inference.str.contains("wild")]
    assert len(wild) and wild.inference.str.contains("9,999 draws").all()
    assert wild.note.str.contains("Monte Carlo s.e. of the CI bounds").all()
    inconclusive = ledger[ledger.verdict == "inconclusive"]
    assert inconclusive.note.str.contains("power: (?:un)?informative").all()
    reg = (out / "tables" / "c8_regression.md").read_text()
    assert "wild cluster bootstrap by iso3, 9,999 draws, test inversion" in reg
