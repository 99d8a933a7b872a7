"""robots_by_industry (IFR + JARA in one table), the concordance's split weights, and the WIOD SEA
employment reader."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gvc
from gvc.errors import DataError
from gvc.sources.ifr_industries import concordance, hierarchy


def test_concordance_covers_every_specified_code_and_weights_sum_to_one():
    h = hierarchy()
    c = concordance()
    assert set(h.loc[~h["unspecified"], "code"]) == set(c["ifr_code"])
    assert np.allclose(c.groupby("ifr_code")["weight"].sum(), 1.0, atol=1e-12)
    wiod = {f"c{i}" for i in range(1, 36)} | {"MANUF", "TOTAL", "NONMANUF_NEC"}
    assert set(c["wiod"]) <= wiod
    assert c["basis"].str.len().gt(5).all()  # every row says where it comes from


def test_split_weights_are_wiod_2000_world_output_shares(use_data):
    """The documented basis of each split, recomputed from the WIOD 2000 table."""
    from gvc.claims.families.common import wiod

    w = wiod(2000)
    g, n = len(w.countries), len(w.industries)
    out = pd.Series(np.asarray(w.x).reshape(g, n).sum(axis=0), index=w.industries)
    c = concordance()
    for code, grp in c.groupby("ifr_code"):
        if len(grp) < 2:
            continue
        shares = out[grp["wiod"]] / out[grp["wiod"]].sum()
        assert np.allclose(grp["weight"].to_numpy(), shares.to_numpy(), atol=1e-4), code


def test_jara_japan_is_in_robots_by_industry(use_data):
    rbi = gvc.load("robots_by_industry")
    robots = gvc.load("robots")
    j1 = rbi[rbi.source == "jara"].set_index(["industry", "year"])["operational_stock"]
    j0 = robots[robots.source == "jara"].set_index(["industry", "year"])["operational_stock"]
    assert set(rbi.loc[rbi.source == "jara", "iso3"]) == {"JPN"}
    pd.testing.assert_series_equal(j1.sort_index(), j0.sort_index(), check_dtype=False)
    assert (rbi.loc[rbi.source == "jara", "unspecified_allocated"] == 0).all()
    # without a user IFR file, the log is empty and the table has no IFR rows
    assert gvc.load("ifr_files").empty and not (rbi.source == "ifr").any()


def test_no_sea_file_gives_an_empty_employment_table(use_data):
    assert gvc.load("employment_by_industry").empty


def _sea_file(path):
    rows = [
        ("DEU", "EMP", "Number of persons engaged (thousands)", "15t16", 900.0, 910.0),
        ("DEU", "EMP", "Number of persons engaged (thousands)", "34t35", 1000.0, 1010.5),
        ("DEU", "EMP", "Number of persons engaged (thousands)", "TOT", 38000.0, 38100.0),
        ("ROM", "EMP", "Number of persons engaged (thousands)", "34t35", 150.0, ""),
        ("DEU", "EMPE", "Number of employees (thousands)", "34t35", 990.0, 1000.0),
    ]
    df = pd.DataFrame(
        rows, columns=["Country", "Variable", "Description", "Code", "_1995", "_1996"]
    )
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"notes": ["WIOD SEA"]}).to_excel(xw, sheet_name="Notes", index=False)
        df.to_excel(xw, sheet_name="DATA", index=False)
    return path


def test_sea_reader_on_the_published_layout(tmp_path):
    from gvc.sources.wiod_sea import read_employment

    p = _sea_file(tmp_path / "Socio_Economic_Accounts_July14.xlsx")
    with pytest.raises(DataError, match="not the published WIOD SEA file"):
        read_employment(p)  # a test file is not the published one: size/SHA-1 checked
    e = read_employment(p, check=False).set_index(["iso3", "industry", "year"])["employment"]
    assert e[("DEU", "c15", 1996)] == 1010500.0  # EMP thousands -> persons
    assert e[("DEU", "c3", 1995)] == 900000.0
    assert ("ROU", "c15", 1995) in e.index and ("ROU", "c15", 1996) not in e.index
    assert len(e) == 5  # TOT and EMPE dropped


def test_ifr_pharmaceuticals_go_to_chemicals_not_petroleum(tmp_path):
    """IFR 19 is 'Pharmaceuticals, cosmetics' (World Robotics' industry classification), part of
    ISIC Rev.3 24 = WIOD c9; no IFR code covers coke and refined petroleum (c8)."""
    from gvc.panels.robots_by_industry import _ifr_file

    p = tmp_path / "wr.csv"
    p.write_text(
        "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
        "2010,DE,Germany,000,All Industries,10,1000\n"
        "2010,DE,Germany,D,Manufacturing,10,1000\n"
        "2010,DE,Germany,19-22,Plastic and chemical products,10,1000\n"
        '2010,DE,Germany,19,"Pharmaceuticals, cosmetics",4,400\n'
        "2010,DE,Germany,20-21,Other chemical products n.e.c.,3,300\n"
        "2010,DE,Germany,22,Rubber and plastic products (non-automotive),3,300\n"
    )
    rows, problems = _ifr_file(p)
    assert problems.empty
    stock = rows.set_index("industry")["operational_stock"]
    assert "c8" not in stock.index
    assert stock["c9"] == pytest.approx(700) and stock["c10"] == pytest.approx(300)


def test_split_codes_use_each_countrys_own_base_year_output(tmp_path, mirror):
    """IFR 13-15 (textiles, leather) is split between WIOD c4 and c5 by each country's own 1995
    gross output, read here from the raw WIOD 1995 R file with rdata (not through gvc's reader):
    Germany and Italy get different splits (world weights would give both 0.8496, and identical
    variation to the siblings); Chile, outside WIOD, keeps the world weights."""
    import rdata

    from gvc.panels.robots_by_industry import _ifr_file, own_split_weights

    raw = rdata.conversion.convert(rdata.parser.parse_file(mirror / "wiod2013" / "wiot_1995.RData"))
    iot = next(iter(raw.values()))
    out = np.asarray(iot["output"], dtype=float).ravel()
    countries = [str(c) for c in np.asarray(iot["countries"]).ravel()]

    def share(iso3):
        k = countries.index(iso3) * 35
        return out[k + 3] / (out[k + 3] + out[k + 4])  # c4 / (c4 + c5)

    p = tmp_path / "wr.csv"
    p.write_text(
        "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
        "2010,DE,Germany,13-15,Textiles,10,1000\n"
        "2010,IT,Italy,13-15,Textiles,10,1000\n"
        "2010,RCH,Chile,13-15,Textiles,10,1000\n"
    )
    split = own_split_weights(mirror / "wiod2013" / "wiot_1995.RData")
    rows, problems = _ifr_file(p, split=split)
    assert problems.empty
    s = rows.set_index(["iso3", "industry"])["operational_stock"]
    for iso3 in ("DEU", "ITA"):
        assert s[(iso3, "c4")] == pytest.approx(1000 * share(iso3), rel=1e-9)
        assert s[(iso3, "c4")] + s[(iso3, "c5")] == pytest.approx(1000)
    assert abs(share("DEU") - share("ITA")) > 0.01
    assert s[("CHL", "c4")] == pytest.approx(849.6)


def test_ifr_files_read_row_counts_rows_left_out_and_kept(tmp_path):
    """The ``read`` row of ``ifr_files`` says how many file rows were left out and how many kept
    with a note: a misspelled code beside a known name (``RHC``, Chile) and a code that
    disagrees with the name are kept, a row with neither a known name nor a known code is left
    out. It used to count the kept misspelling as "affected" and say "listed below", though the
    table is sorted by status."""
    from gvc.panels.robots_by_industry import _read_ifr

    p = tmp_path / "ifr_SYNTHETIC.csv"
    p.write_text(
        "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
        "2010,DE,Germany,29,Automotive,10,1000\n"
        "2010,RHC,Chile,29,Automotive,10,1000\n"  # misspelled RCH: kept under the name
        "2010,UA,United States,29,Automotive,10,1000\n"  # UA is Ukraine: kept under the name
        "2010,JPN,,29,Automotive,10,1000\n"  # not an IFR code, no name: left out
        "2010,XX,Atlantis,29,Automotive,10,1000\n"  # unknown both ways: left out
    )
    rows, log = _read_ifr({p.name: p}, None, None)
    assert set(rows["iso3"]) == {"DEU", "CHL", "USA"}
    problems = log[log["status"] != "read"]
    left = problems.loc[problems["status"] == "unmapped", "n_rows"].sum()
    kept = problems.loc[problems["status"].isin(["code unknown", "code disagrees"]), "n_rows"].sum()
    assert (left, kept) == (2, 2)
    msg = log.loc[log["status"] == "read", "message"].item()
    assert f"{len(problems)} problem(s)" in msg
    assert f"{left} file row(s) left out, {kept} kept with a note" in msg
    assert "below" not in msg


def test_decimal_comma_note_reaches_ifr_files_and_build_lines(tmp_path):
    """The reader's ``number format`` note is its own ``ifr_files`` row, repeated in the file's
    ``read`` message (not counted as a problem) and printed by ``gvc build`` as a note line."""
    from gvc.panels.robots_by_industry import _read_ifr, ifr_log_lines

    p = tmp_path / "ifr_SYNTHETIC.csv"
    p.write_text(
        "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
        "2010,DE,Germany,29,Automotive,10,1000\n"
        '2011,DE,Germany,29,Automotive,12,"1.234,5"\n'
    )
    rows, log = _read_ifr({p.name: p}, None, None)
    assert set(log["status"]) == {"read", "number format"}
    read = log.loc[log["status"] == "read", "message"].item()
    assert "problem(s)" not in read and "'1.234,5' read as 1234.5" in read
    assert rows.set_index(["industry", "year"]).loc[("c15", 2011), "operational_stock"] == 1234.5
    warn, errors = ifr_log_lines(log.assign(file=p.name))
    assert not errors
    assert [w for w in warn if w.startswith("note: IFR file ifr_SYNTHETIC.csv: row 3:")]
