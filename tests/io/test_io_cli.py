"""`gvc io decompose`: users' own CSV tables (checked against the published leather example) and
WIOD from the mirror."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from io_testdata import LEATHER_COUNTRIES, LEATHER_F, LEATHER_INDUSTRIES, LEATHER_Z
from test_io_leather import PUBLISHED

from gvc.cli import main
from gvc.parquet import read_parquet


@pytest.fixture
def leather(tmp_path):
    """The leather example written as the CLI's Z.csv and F.csv."""
    labels = [f"{c}_{i}" for c in LEATHER_COUNTRIES for i in LEATHER_INDUSTRIES]
    pd.DataFrame(LEATHER_Z, index=labels, columns=labels).to_csv(tmp_path / "Z.csv")
    pd.DataFrame(LEATHER_F, index=labels, columns=LEATHER_COUNTRIES).to_csv(tmp_path / "F.csv")
    return tmp_path / "Z.csv", tmp_path / "F.csv"


def decompose(*args):
    return CliRunner().invoke(main, ["io", "decompose", *map(str, args)])


def user_tables(leather, *args):
    z, f = leather
    return decompose("--z", z, "--final", f, *args)


def frame(res) -> pd.DataFrame:
    """The CSV written to stdout (warnings go to stderr)."""
    assert res.exit_code == 0, res.output
    return pd.read_csv(StringIO(res.stdout), keep_default_na=False)


def test_user_tables_bm_country_matches_published_leather(leather, tmp_path):
    out = tmp_path / "out.csv"
    res = user_tables(leather, "--method", "bm", "--level", "country", "--out", out)
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.columns) == ["exporter", "importer", "industry", "term", "value", "unit"]
    assert (df.importer == "").all() and (df.industry == "").all()
    assert set(df.unit) == {"as in Z.csv"}
    got = df.pivot(index="term", columns="exporter", values="value")
    for c in PUBLISHED.columns:
        for term in PUBLISHED.index:
            assert got.loc[term, c] == pytest.approx(PUBLISHED.loc[term, c], abs=1e-8)


def test_user_tables_bilateral_kww_and_wwyz_run(leather):
    for method, level in (("bm", "bilateral"), ("kww", "country"), ("wwyz", "sector")):
        res = user_tables(leather, "--method", method, "--level", level)
        assert res.exit_code == 0, res.output
        assert res.output.startswith("exporter,importer,industry,term,value")


def test_level_a_method_lacks_is_a_one_line_user_error(leather):
    res = user_tables(leather, "--method", "kww", "--level", "bilateral")
    assert res.exit_code == 2, res.output
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: level 'bilateral'")
    assert "internal error" not in res.output


def test_user_tables_bad_labels(leather):
    f = leather[1]
    F = pd.read_csv(f, index_col=0)
    F.columns = ["ARG", "DEU", "TUR"]
    F.to_csv(f)
    res = user_tables(leather)
    assert res.exit_code == 2
    assert "F.csv" in res.output and "destination countries" in res.output


def test_wiod_source_years(mirror, tmp_path, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))  # not the checkout's data/raw
    df = frame(decompose("--source", "wiod2013", "--years", "2011", "--method", "tiva"))
    usa = df[(df.exporter == "USA") & (df.term == "EXGR_FVASH")].value.item()
    assert 0.05 < usa < 0.3


def test_user_tables_importer_view(leather):
    df = frame(user_tables(leather, "--method", "bm", "--perspective", "importer"))
    wide = df.pivot(index="importer", columns="term", values="value")
    # gross imports = value added + double counting (Borin-Mancini 2019, eq. 51)
    assert (wide["GIMP"] - wide["VA"] - wide["DC"]).abs().max() < 1e-9
    # ARG's gross imports = the other countries' rows in ARG's columns of Z and F (the table)
    assert wide.loc["ARG", "GIMP"] == pytest.approx(
        LEATHER_Z[3:, :3].sum() + LEATHER_F[3:, 0].sum()
    )


# --------------------------------------------------------------------------- published tables
def test_file_oecd_detected_with_groups_and_splits(tmp_path):
    from icio_layouts import make_world, write_oecd

    path = tmp_path / "ICIO2021_2018.csv"
    write_oecd(path, make_world(31), "2021")
    df = frame(decompose("--file", path, "--groups", "USMCA,PAC=AUS+CHN", "--splits"))
    assert list(df.columns) == ["year", "exporter", "importer", "industry", "term", "value",
                                "rebalance", "unit"]  # fmt: skip
    assert set(df.year) == {2018} and set(df.unit) == {"millions of current USD"}
    assert set(df.rebalance) == {"own-final-demand"}
    assert set(df.exporter) == {"AUS", "CHN", "CN1", "CN2", "MEX", "MX1", "MX2", "USA", "ROW",
                                "USMCA", "PAC"}  # fmt: skip
    t = df.pivot(index="exporter", columns="term", values="value")
    assert t.loc["CN1", "DC"] + t.loc["CN2", "DC"] == pytest.approx(t.loc["CHN", "DC"])
    res = decompose("--file", path, "--method", "wwz")
    assert res.exit_code == 2 and "split countries" in res.output


def test_file_damaged_writes_nothing(tmp_path):
    from icio_layouts import make_world, oecd_frame, sheet_rows

    df = oecd_frame(make_world(32)).rename(index={"USA_05T06": "USA 05T06"})
    df.to_csv(tmp_path / "bad.csv")
    out = tmp_path / "out.csv"
    res = decompose("--file", tmp_path / "bad.csv", "--out", out)
    assert res.exit_code == 2 and "'USA 05T06'" in res.output and "OECD ICIO" in res.output
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "bad.csv"]
    from openpyxl import Workbook

    for fmt in ("adb-mrio", "wiod2016"):
        rows = sheet_rows(make_world(33, ("A01", "B", "C10-C12"), K=5, splits=False), fmt)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("t")
        for r in rows[:-7]:  # cut off before the total row
            ws.append(r)
        wb.save(tmp_path / f"{fmt}.xlsx")
        res = decompose("--file", tmp_path / f"{fmt}.xlsx", "--out", out)
        assert res.exit_code == 2 and "no total output row" in res.output, res.output
        assert not out.exists()


def test_unknown_group_is_one_line_error(leather):
    res = user_tables(leather, "--groups", "EU99")
    assert res.exit_code == 2 and "unknown country group 'EU99'" in res.output
    assert "Traceback" not in res.output


def test_source_groups_wiod2013(mirror):
    df = frame(decompose("--source", "wiod2013", "--years", "2011", "--groups", "EU28"))
    t = df.pivot(index="exporter", columns="term", values="value")
    assert "EU28" in t.index
    # extra-EU exports are smaller than the sum of members' exports (intra-EU trade drops out)
    members = ["AUT", "BEL", "DEU", "FRA", "GBR", "ITA", "NLD", "ESP", "POL", "SWE"]
    assert t.loc["EU28", "GEXP"] < t.loc[members, "GEXP"].sum()


def test_wide_output_matches_published_leather(leather):
    df = frame(user_tables(leather, "--wide"))
    assert list(df.columns) == ["exporter", "importer", "industry", *PUBLISHED.index, "unit"]
    assert set(df.unit) == {"as in Z.csv"}  # every route writes a unit (#25)
    got = df.set_index("exporter")
    for c in PUBLISHED.columns:
        for term in PUBLISHED.index:
            assert got.loc[c, term] == pytest.approx(PUBLISHED.loc[term, c], abs=1e-8)


def test_bilateral_sector_level_sums_to_the_country_level(leather):
    """--level bilateral_sector: summed over importers and industries it gives each exporter's
    country-level gross exports and domestic content (an accounting identity)."""
    bs = frame(user_tables(leather, "--method", "bm", "--level", "bilateral_sector"))
    cty = frame(user_tables(leather, "--method", "bm", "--level", "country"))
    assert (bs.importer != "").all() and (bs.industry != "").all()
    for term in ("GEXP", "DC", "FC"):
        a = bs[bs.term == term].groupby("exporter").value.sum()
        b = cty[cty.term == term].set_index("exporter").value
        pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), check_names=False, rtol=1e-9)


# --------------------------------------------------------------------------- own-table options
def _vector(leather, name, values):
    labels = [f"{c}_{i}" for c in LEATHER_COUNTRIES for i in LEATHER_INDUSTRIES]
    path = leather[0].parent / f"{name}.csv"
    pd.DataFrame({name: values}, index=labels).to_csv(path)
    return path


def test_x_and_va_given_equal_the_implied_ones(leather):
    """Gross output = Z row sums + F row sums and value added = x - Z column sums (the table's
    own accounting): passing them explicitly gives the published leather results again."""
    x = LEATHER_Z.sum(1) + LEATHER_F.sum(1)
    va = x - LEATHER_Z.sum(0)
    xp, vp = _vector(leather, "x", x), _vector(leather, "va", va)
    got = frame(user_tables(leather, "--x", xp, "--va", vp)).pivot(
        index="term", columns="exporter", values="value"
    )
    for c in PUBLISHED.columns:
        for term in PUBLISHED.index:
            assert got.loc[term, c] == pytest.approx(PUBLISHED.loc[term, c], abs=1e-8)


def test_va_changes_the_result_and_bad_vectors_are_one_line_errors(leather):
    x = LEATHER_Z.sum(1) + LEATHER_F.sum(1)
    va = (x - LEATHER_Z.sum(0)) * 0.5  # half the value added: a different (unbalanced) table
    base = frame(user_tables(leather))
    half = frame(user_tables(leather, "--va", _vector(leather, "va", va)))
    dva = lambda d: d[d.term == "DC"].set_index("exporter").value  # noqa: E731
    assert (dva(half) < dva(base) - 1e-6).all()
    # x far from the row sums: the balance check names the sector
    res = user_tables(leather, "--x", _vector(leather, "x", x * 2))
    assert res.exit_code == 2 and "balance" in res.output and "Traceback" not in res.output
    # a label that is not in Z
    p = _vector(leather, "x", x)
    df = pd.read_csv(p, index_col=0).rename(index={"ARG_Agriculture": "ARG_Farming"})
    df.to_csv(p)
    res = user_tables(leather, "--x", p)
    assert res.exit_code == 2 and "ARG_Agriculture" in res.output and "x.csv" in res.output
    assert len(res.output.strip().splitlines()) == 1
    res = decompose("--source", "wiod2013", "--x", p)
    assert res.exit_code == 2 and "--z" in res.output


def test_exporters_filter_and_unknown_names(leather):
    df = frame(user_tables(leather, "--exporters", "TUR,deu"))
    assert set(df.exporter) == {"TUR", "DEU"}
    full = frame(user_tables(leather))
    pd.testing.assert_frame_equal(
        df.reset_index(drop=True),
        full[full.exporter.isin(["TUR", "DEU"])].reset_index(drop=True),
    )
    res = user_tables(leather, "--exporters", "TUR,XXX")
    assert res.exit_code == 2
    line = res.output.strip()
    assert "\n" not in line and "XXX" in line and "ARG,TUR,DEU" in line
    res = user_tables(leather, "--exporters", "EU", "--groups", "EU=DEU+TUR")
    assert set(frame(res).exporter) == {"EU"}


@pytest.mark.parametrize("ext", ["csv", "parquet", "dta", "xlsx"])
def test_out_formats_round_trip(leather, tmp_path, ext):
    csv = frame(user_tables(leather, "--level", "sector"))
    out = tmp_path / f"res.{ext}"
    res = user_tables(leather, "--level", "sector", "--out", out)
    assert res.exit_code == 0, res.output
    read = {
        "csv": lambda p: pd.read_csv(p, keep_default_na=False),
        "parquet": read_parquet,
        "dta": pd.read_stata,
        "xlsx": lambda p: pd.read_excel(p, keep_default_na=False),
    }[ext]
    got = read(out)
    assert list(got.columns) == list(csv.columns)
    assert got.exporter.astype(str).tolist() == csv.exporter.tolist()
    assert got.value.to_numpy() == pytest.approx(csv.value.to_numpy(), rel=1e-12)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_format_flag_overrides_extension_and_unknown_extension_fails_early(leather, tmp_path):
    out = tmp_path / "res.bin"
    res = user_tables(leather, "--format", "parquet", "--out", out)
    assert res.exit_code == 0, res.output
    assert read_parquet(out).shape[0] > 0
    bad = tmp_path / "res.txt"
    res = user_tables(leather, "--out", bad)
    assert res.exit_code == 2 and "--format" in res.output and not bad.exists()


def test_negative_intermediate_cells_warn_once(leather):
    z = leather[0]
    Z = pd.read_csv(z, index_col=0)
    Z.iloc[0, 4] = -2.5
    Z.iloc[3, 1] = -0.5
    Z.to_csv(z)
    res = user_tables(leather)
    assert res.exit_code == 0, res.output
    warn = [ln for ln in res.output.splitlines() if ln.startswith("warning:")]
    assert len(warn) == 1
    assert "2 negative intermediate cells" in warn[0] and "-2.5" in warn[0]
    assert "ARG_Agriculture" in warn[0] and "TUR_Textile & Leather" in warn[0]
    clean = decompose("--z", leather[0].parent / "Z.csv", "--final", leather[1])
    assert clean.exit_code == 0


def test_dta_refuses_names_stata_would_rename(tmp_path):
    from gvc.errors import GvcError
    from gvc.panels.export import write_frame

    out = tmp_path / "t.dta"
    with pytest.raises(GvcError, match=r"Stata .dta needs column names.*\['1st'\]"):
        write_frame(pd.DataFrame({"1st": [1.0], "ok": [2.0]}), out)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    write_frame(pd.DataFrame({"ok": [2.0]}), out)
    assert pd.read_stata(out).ok.tolist() == [2.0]


def test_wiod2013_sector_names_year_unit(mirror, tmp_path, monkeypatch):
    """#15: industry names beside codes, year first and unit last, from --source wiod2013."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    res = decompose("--source", "wiod2013", "--years", "2011", "--method", "bm", "--level",
                    "sector", "--exporters", "DEU")  # fmt: skip
    df = frame(res)
    assert list(df.columns) == ["year", "exporter", "importer", "industry", "industry_name",
                                "term", "value", "rebalance", "unit"]  # fmt: skip
    assert set(df.year) == {2011} and set(df.unit) == {"millions of current USD"}
    names = dict(zip(df.industry, df.industry_name, strict=False))
    assert names["c1"].startswith("AtB Agriculture") and names["c13"].startswith("29 Machinery")
    assert df.industry.nunique() == 35 and (df.industry_name != "").all()


def test_source_choices_come_from_the_catalog(monkeypatch):
    from gvc import tables_io

    monkeypatch.setitem(tables_io.YEARS, "new-source", (2020,))
    res = decompose("--source", "nope")
    assert res.exit_code == 2 and "'new-source'" in res.output
    assert res.output.count("\n") == 1 and res.output.startswith("error: Invalid value")
    monkeypatch.setattr(tables_io, "icio", lambda *a, **k: (_ for _ in ()).throw(
        __import__("gvc.errors").errors.DataError("fake: reached the loader")))  # fmt: skip
    res = decompose("--source", "new-source", "--years", "2020")
    assert res.exit_code == 2 and res.output == "error: fake: reached the loader\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--level", "xx"],
        ["--source", "wiod2013", "--years", "2019"],
        ["--source", "wiod2013", "--years", "2011-1995"],
        ["--jobs", "0"],
        ["--bogus"],
    ],
)
def test_user_errors_are_one_line_exit_2(args):
    res = decompose(*args)
    assert res.exit_code == 2, res.output
    assert res.output.startswith("error: ") and res.output.count("\n") == 1, res.output


def test_warnings_are_one_line(leather):
    z, f = leather
    res = decompose("--z", z, "--final", f, "--groups", "ARGTUR=ARG+TUR", "--exporters", "ARGTUR")
    assert res.exit_code == 0
    res = CliRunner().invoke(
        main,
        [
            "io",
            "decompose",
            "--source",
            "wiod2013",
            "--years",
            "2011",
            "--groups",
            "EU27",
            "--exporters",
            "EU27",
        ],  # fmt: skip
    )
    assert res.exit_code == 0, res.output
    lines = [x for x in res.output.splitlines() if "HRV" in x]
    assert lines == ["warning: group EU27: ['HRV'] are not separate countries in this table and "
                     "are left out"]  # fmt: skip


def test_perimeter_option_equals_the_library_call(leather):
    """`--perimeter sector` gives the same terms as decompose(io, "bm", perimeter="sector")
    (Stata icio's perimeter()); on a method without perimeters it is a one-line error."""
    from gvc.io import ICIO
    from gvc.io import decompose as lib_decompose

    got = frame(user_tables(leather, "--method", "bm", "--level", "country", "--perimeter",
                            "sector"))  # fmt: skip
    io = ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES)
    want = lib_decompose(io, "bm", "country", perimeter="sector")
    g = got.set_index(["exporter", "term"])["value"].sort_index()
    w = want.astype({"exporter": str, "term": str}).set_index(["exporter", "term"])["value"]
    pd.testing.assert_series_equal(g, w.sort_index(), check_names=False, rtol=1e-9)
    res = user_tables(leather, "--method", "kww", "--level", "country", "--perimeter", "sector")
    assert res.exit_code == 2 and "--perimeter belongs to --method bm" in res.output


def test_world_domestic_option_equals_the_library_call(leather):
    """`--world-domestic source` (R decompr 7.0's world perspective) gives the terms of
    decompose(io, "bm", perspective="world", world_domestic="source"); outside the world
    perspective of bm it is a one-line error."""
    from gvc.io import ICIO
    from gvc.io import decompose as lib_decompose

    args = ("--method", "bm", "--level", "sector", "--perspective", "world", "--approach", "sink")
    got = frame(user_tables(leather, *args, "--world-domestic", "source"))
    io = ICIO(LEATHER_Z, LEATHER_F, LEATHER_COUNTRIES, LEATHER_INDUSTRIES)
    want = lib_decompose(io, "bm", "sector", perspective="world", approach="sink",
                         world_domestic="source")  # fmt: skip
    keys = ["exporter", "industry", "term"]
    g = got.astype({k: str for k in keys}).set_index(keys)["value"].sort_index()
    w = want.astype({k: str for k in keys}).set_index(keys)["value"].sort_index()
    pd.testing.assert_series_equal(g, w, check_names=False, rtol=1e-9)
    default = frame(user_tables(leather, *args))
    d = default.astype({k: str for k in keys}).set_index(keys)["value"].sort_index()
    assert not np.allclose(d.to_numpy(), g.to_numpy(), rtol=1e-6)  # the option is passed on
    res = user_tables(leather, "--method", "bm", "--world-domestic", "source")
    assert res.exit_code == 2
    assert "--world-domestic belongs to --method bm --perspective world" in res.output


def test_dta_carries_each_terms_unit_as_its_variable_label(leather, tmp_path):
    """A wide decomposition written to Stata labels each term with its unit (`unit_<term>`),
    so `describe` in Stata shows it; the data are those of the CSV."""
    out = tmp_path / "bmt.dta"
    res = user_tables(leather, "--method", "bmt_trade", "--wide", "--out", str(out))
    assert res.exit_code == 0, res.output
    with pd.io.stata.StataReader(out) as r:
        labels = r.variable_labels()
        df = r.read()
    assert labels["GVC_TS"] == f"GVC_TS ({df['unit_GVC_TS'].iloc[0]})"
    assert labels["share_GVC_trade"] == "share_GVC_trade (share)"
    assert labels["exporter"] == ""
    csv = frame(user_tables(leather, "--method", "bmt_trade", "--wide"))
    np.testing.assert_allclose(df["GVC_TS"], csv["GVC_TS"], rtol=1e-12)


def test_latex_markdown_and_html_tables_escape_term_names(leather, tmp_path):
    """--out x.tex / .md / .html writes a table for a paper or a page: LaTeX escapes the
    underscores of share_GVC_trade; the numbers are the CSV's."""
    for ext in ("tex", "md", "html"):
        out = tmp_path / f"bmt.{ext}"
        res = user_tables(leather, "--method", "bmt_trade", "--wide", "--out", str(out))
        assert res.exit_code == 0, res.output
    tex = (tmp_path / "bmt.tex").read_text()
    assert "share\\_GVC\\_trade" in tex and "\\begin{tabular}" in tex
    assert "| exporter" in (tmp_path / "bmt.md").read_text()
    assert "<table" in (tmp_path / "bmt.html").read_text()
    csv = frame(user_tables(leather, "--method", "bmt_trade", "--wide"))
    assert f"{csv['GVC_TS'].iloc[0]:.6g}" in tex
