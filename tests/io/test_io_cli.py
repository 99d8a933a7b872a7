"""`gvc io decompose`: users' own CSV tables (checked against the published leather example) and
WIOD from the mirror."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z
from test_io_leather import PUBLISHED

from gvc.cli import main


def _write_leather(tmp_path):
    labels = [f"{c}_{i}" for c in LEATHER_COUNTRIES for i in LEATHER_INDUSTRIES]
    pd.DataFrame(LEATHER_Z, index=labels, columns=labels).to_csv(tmp_path / "Z.csv")
    pd.DataFrame(LEATHER_F, index=labels, columns=LEATHER_COUNTRIES).to_csv(tmp_path / "F.csv")
    return tmp_path / "Z.csv", tmp_path / "F.csv"


def test_user_tables_bm_country_matches_published_leather(tmp_path):
    z, f = _write_leather(tmp_path)
    out = tmp_path / "out.csv"
    res = CliRunner().invoke(
        main,
        [
            "io",
            "decompose",
            "--z",
            str(z),
            "--final",
            str(f),
            "--method",
            "bm",
            "--level",
            "country",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.columns) == ["exporter", "importer", "industry", "term", "value"]
    assert (df.importer == "").all() and (df.industry == "").all()
    got = df.pivot(index="term", columns="exporter", values="value")
    for c in PUBLISHED.columns:
        for term in PUBLISHED.index:
            assert got.loc[term, c] == pytest.approx(PUBLISHED.loc[term, c], abs=1e-8)


def test_user_tables_bilateral_kww_and_wwyz_run(tmp_path):
    z, f = _write_leather(tmp_path)
    for method, level in (("bm", "bilateral"), ("kww", "country"), ("wwyz", "sector")):
        res = CliRunner().invoke(
            main,
            [
                "io",
                "decompose",
                "--z",
                str(z),
                "--final",
                str(f),
                "--method",
                method,
                "--level",
                level,
            ],
        )
        assert res.exit_code == 0, res.output
        assert res.output.startswith("exporter,importer,industry,term,value")


def test_user_tables_bad_labels(tmp_path):
    z, f = _write_leather(tmp_path)
    F = pd.read_csv(f, index_col=0)
    F.columns = ["ARG", "DEU", "TUR"]
    F.to_csv(f)
    res = CliRunner().invoke(main, ["io", "decompose", "--z", str(z), "--final", str(f)])
    assert res.exit_code == 2
    assert "F.csv" in res.output and "destination countries" in res.output


def test_wiod_source_years(mirror):
    res = CliRunner().invoke(
        main, ["io", "decompose", "--source", "wiod2013", "--years", "2011", "--method", "tiva"]
    )
    assert res.exit_code == 0, res.output
    from io import StringIO

    df = pd.read_csv(StringIO(res.output), keep_default_na=False)
    usa = df[(df.exporter == "USA") & (df.term == "EXGR_FVASH")].value.item()
    assert 0.05 < usa < 0.3


def test_user_tables_importer_view(tmp_path):
    z, f = _write_leather(tmp_path)
    res = CliRunner().invoke(
        main,
        [
            "io",
            "decompose",
            "--z",
            str(z),
            "--final",
            str(f),
            "--method",
            "bm",
            "--perspective",
            "importer",
        ],
    )
    assert res.exit_code == 0, res.output
    from io import StringIO

    df = pd.read_csv(StringIO(res.output), keep_default_na=False)
    wide = df.pivot(index="importer", columns="term", values="value")
    # gross imports = value added + double counting (Borin-Mancini 2019, eq. 51)
    assert (wide["GIMP"] - wide["VA"] - wide["DC"]).abs().max() < 1e-9
    assert wide.loc["ARG", "GIMP"] == pytest.approx(81.2)
