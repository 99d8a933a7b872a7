"""The user IFR reader, hierarchy allocation and WIOD concordance on files written here in every
layout IFR users have (CSV with a title line, semicolons and cp1252, XLSX, Stata .dta, gvc's
simple layout), checked against WIOD-industry stocks computed by hand below."""

from __future__ import annotations

import pandas as pd
import pytest

from gvc.errors import DataError
from gvc.sources.ifr import fix_mojibake, read_user_file
from gvc.sources.ifr_industries import allocate, to_wiod

# Germany 2015, operational stock (units). Top level: D 1500, A-B 100, C 50, F 50, 99 300
# (sum 2000 = 000). Within D: 29 = 800 (291 500, 293 200, 299 100 unspecified), 26-27 = 400
# (261 100, 262 100, 279 200 unspecified), 10-12 100, 13-15 100, 91 100.
DEU = [
    ("000", "All Industries", 2000),
    ("D", "Manufacturing", 1500),
    ("A-B", "Agriculture", 100),
    ("C", "Mining", 50),
    ("F", "Construction", 50),
    ("99", "Unspecified", 300),
    ("29", "Automotive", 800),
    ("291", "Motor vehicles", 500),
    ("293", "Automotive parts", 200),
    ("299", "Automotive unspecified", 100),
    ("26-27", "Electrical/electronics", 400),
    ("261", "Semiconductors", 100),
    ("262", "Computers", 100),
    ("279", "Electrical unspecified", 200),
    ("10-12", "Food", 100),
    ("13-15", "Textiles", 100),
    ("91", "Other manufacturing", 100),
]
F = 2000 / 1700  # 99 spread over the 1700 specified robots of the top level
EXPECTED_DEU = {  # WIOD industry -> stock, by hand
    "c15": 800 * F,  # 29 and its allocated share of 99; 299 spread over 291/293 inside
    "c14": 400 * F,
    "c3": 100 * F,
    "c4": 100 * F * 0.8496,  # 13-15 split textiles / leather by the concordance weights
    "c5": 100 * F * 0.1504,
    "c16": 100 * F,
    "c1": 100 * F,
    "c2": 50 * F,
    "c18": 50 * F,
    "MANUF": 1500 + 300 * 1500 / 1700,  # hierarchy identity: D + its share of 99
    "TOTAL": 2000,
}


def _rows():
    rows = [(2015, "DE", "Germany", c, n, s / 10, s) for c, n, s in DEU]
    rows += [
        (2015, "UK", "United Kingdom", "D", "Manufacturing", 10, 100),
        (2015, "UK", "United Kingdom", "29", "Automotive", 10, 100),
        (2015, "KR", "Rep. of Korea", "D", "Manufacturing", 40, 400),
        (2015, "TW", "Chinese Taipei", "D", "Manufacturing", 30, 300),
        (2015, "TR", "TÃ¼rkiye", "D", "Manufacturing", 5, 50),
        (2015, "", "World", "D", "Manufacturing", 1000, 9000),
        (2015, "", "Other Asia", "D", "Manufacturing", 7, 70),
        (2015, "", "Others not specified", "D", "Manufacturing", 2, 20),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Year",
            "countrycode",
            "country",
            "industrycode",
            "industry",
            "delivered",
            "op_stock",
        ],
    )


def _write(layout: str, tmp_path) -> object:
    df = _rows()
    if layout == "ifr_csv":
        p = tmp_path / "wr.csv"
        p.write_text("World Robotics 2016, operational stock\n" + df.to_csv(index=False))
    elif layout == "ifr_csv_variants":  # case/space variants, semicolons, cp1252, blank cells
        p = tmp_path / "wr_variants.csv"
        d = df.rename(
            columns={
                "Year": " YEAR ",
                "op_stock": "Op Stock",
                "delivered": "DELIVERED",
                "countrycode": "Country Code",
                "industrycode": "Industry_Code",
            }
        )
        d["country"] = d["country"].map(fix_mojibake)  # real Türkiye, then encoded as cp1252
        d.to_csv(p, index=False, sep=";", encoding="cp1252")
    elif layout == "xlsx":  # numeric codes become numbers in Excel, '000' becomes 0
        p = tmp_path / "wr.xlsx"
        d = df.copy()
        d["industrycode"] = [int(c) if c.isdigit() else c for c in d["industrycode"]]
        d.to_excel(p, index=False)
    elif layout == "dta":
        p = tmp_path / "wr.dta"
        df.rename(columns={"Year": "year"}).to_stata(p, write_index=False, version=118)
    elif layout == "simple":  # gvc's original layout: industry = code, no code column
        p = tmp_path / "simple.csv"
        d = pd.DataFrame(
            {
                "country": df["country"],
                "industry": df["industrycode"],
                "year": df["Year"],
                "installations": df["delivered"],
                "operational_stock": df["op_stock"],
            }
        )
        d.to_csv(p, index=False)
    return p


LAYOUTS = ["ifr_csv", "ifr_csv_variants", "xlsx", "dta", "simple"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_hand_computed_wiod_stocks(layout, tmp_path):
    raw = read_user_file(_write(layout, tmp_path))
    assert len(raw) == len(_rows())
    w = to_wiod(allocate(raw)).set_index(["iso3", "industry", "year"])
    for ind, value in EXPECTED_DEU.items():
        assert w.loc[("DEU", ind, 2015), "operational_stock"] == pytest.approx(value, rel=1e-12)
        assert w.loc[("DEU", ind, 2015), "installations"] == pytest.approx(value / 10, rel=1e-12)
    # within 29, the unspecified 299 and 29's share of 99 are stored as allocated
    assert w.loc[("DEU", "c15", 2015), "unspecified_allocated"] == pytest.approx(800 * F - 700)
    assert w.loc[("GBR", "c15", 2015), "operational_stock"] == 100
    names = raw.drop_duplicates("iso3").set_index("iso3")
    assert {"GBR", "KOR", "TWN", "TUR", "DEU"} <= set(names.index)
    aggregates = set(raw.loc[~raw["is_country"], "iso3"])
    assert aggregates == {"IFR:World", "IFR:Other Asia", "IFR:Others not specified"}
    assert names.loc["TUR", "country_name"] == "Türkiye"


def test_nothing_is_counted_twice(tmp_path):
    raw = read_user_file(_write("ifr_csv", tmp_path))
    w = to_wiod(allocate(raw))
    deu = w[(w.iso3 == "DEU")].set_index("industry")["operational_stock"]
    plain = deu.drop(["MANUF", "TOTAL"])
    assert plain.sum() == pytest.approx(2000)  # = 000, not 000 + D + 29 + ...
    manuf = plain[[f"c{i}" for i in range(3, 17) if f"c{i}" in plain.index]].sum()
    assert manuf == pytest.approx(1500 + 300 * 1500 / 1700)  # D + its share of 99


def test_unspecified_only_children_stay_with_parent():
    df = pd.DataFrame(
        {
            "iso3": "FRA",
            "year": 2012,
            "industry": ["D", "29", "299"],
            "operational_stock": [50.0, 40.0, 40.0],
            "installations": float("nan"),
        }
    )
    leaves = allocate(df)
    # 29 has only an unspecified child: 29 is the leaf (40); D's remainder 10 cannot be placed
    # below D except through 29, which receives it all
    assert leaves.set_index("ifr_code")["amount"].to_dict() == {"29": 50.0}


HEAD = "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
GOOD = "2015,DE,Germany,D,Manufacturing,1,10\n"


@pytest.mark.parametrize(
    "text, status, needles",
    [
        (GOOD + "2015,DE,Germany,29,Auto,1,ten\n", "row left out", ["row 3", "op_stock", "'ten'"]),
        (
            GOOD + "2015,DE,Germany,XYZ,Other,1,10\n",
            "row left out",
            ["row 3", "industrycode", "XYZ"],
        ),
        (
            GOOD + "2015,FR,France,29,Auto,-5,10\n",
            "row left out",
            ["row 3", "delivered", "negative"],
        ),
        (GOOD + "2015,FR,France,29,Auto,inf,10\n", "row left out", ["row 3", "finite"]),
        (GOOD + "2015,FR,France,29,Auto,,\n", "row left out", ["row 3", "both blank"]),
        (GOOD + "2015,DE,Germany,29,Auto,1,10,9\n", "row left out", ["row 3", "fields"]),
        (GOOD + "2015,XX,Atlantis,D,Manufacturing,1,10\n", "unmapped", ["row 3", "Atlantis"]),
        (GOOD + "2015,FR,Italy,D,Manufacturing,1,10\n", "code disagrees", ["row 3", "France"]),
    ],
)
def test_a_bad_row_is_left_out_and_listed_the_rest_is_read(text, status, needles, tmp_path):
    """One bad row never drops the file: the good row is read, the bad one listed with its row
    and column (issue 19)."""
    from gvc.sources.ifr import read_ifr_file

    p = tmp_path / "wr.csv"
    p.write_text(HEAD + text)
    res = read_ifr_file(p)
    assert res.rows.set_index(["iso3", "industry"]).loc[("DEU", "D"), "operational_stock"] == 10
    assert list(res.problems.status) == [status], res.problems
    msg = res.problems.message.iloc[0]
    assert msg.startswith("wr.csv: ")
    for n in needles:
        assert n in msg, msg
    if status == "code disagrees":  # kept under the name
        assert "ITA" in set(res.rows.iso3) and "FRA" not in set(res.rows.iso3)
    else:
        assert len(res.rows) == 1


@pytest.mark.parametrize(
    "text, needles",
    [
        (HEAD + GOOD + "2015,DE,Germany,29,Auto,1\n", ["row 3", "truncated"]),
        (
            "Year,country,industrycode,delivered\n2015,Germany,D,1\n",
            ["missing column", "operational_stock"],
        ),
        (HEAD + GOOD + "2015.7,DE,Germany,29,Auto,1,5\n", ["row 3", "year", "2015.7"]),
        (HEAD + GOOD + "inf,DE,Germany,29,Auto,1,5\n", ["row 3", "year", "inf"]),
        ("a,b,c\n1,2,3\n", ["no header row"]),
        (HEAD + "2015,XX,Atlantis,D,Manufacturing,1,10\n", ["no usable row", "Atlantis"]),
        (HEAD + GOOD + "2015,DE,Germany,29,Auto,1.500,20.473\n", ["ambiguous", "1.500"]),
    ],
)
def test_a_file_that_cannot_be_read_names_file_row_column(text, needles, tmp_path):
    p = tmp_path / "damaged.csv"
    p.write_text(text)
    with pytest.raises(DataError) as e:
        read_user_file(p)
    msg = str(e.value)
    assert "damaged.csv" in msg and "\n" not in msg
    for n in needles:
        assert n in msg, msg


def test_ifr_codes_are_ifrs_own_never_iso(tmp_path):
    """Codes only: SL Slovenia (ISO: Sierra Leone), CR Croatia (Costa Rica), IC Iceland, RCH
    Chile, UK United Kingdom, AM the America aggregate (ISO: Armenia), WEU Western Europe; the
    same rows by name only give the same codes (IFR's code table, issue 19)."""
    from gvc.sources.ifr import read_ifr_file

    pairs = [
        ("SL", "Slovenia", "SVN"),
        ("CR", "Croatia", "HRV"),
        ("IC", "Iceland", "ISL"),
        ("RCH", "Chile", "CHL"),
        ("UK", "United Kingdom", "GBR"),
        ("AS", "America, not specified", "IFR:America, not specified"),
        ("AM", "AMERICA", "IFR:America"),
        ("WEU", "Western Europe", "IFR:Western Europe"),
        ("TR", "TÃ¼rkiye", "TUR"),
        ("KP", "North Korea", "PRK"),
        ("QA", "Quatar", "QAT"),
    ]
    codes = "Year,countrycode,industrycode,delivered,op_stock\n" + "".join(
        f"2011,{c},D,1,{k + 1}\n" for k, (c, _, _) in enumerate(pairs)
    )
    names = "Year,country,industrycode,delivered,op_stock\n" + "".join(
        f'2011,"{n}",D,1,{k + 1}\n' for k, (_, n, _) in enumerate(pairs)
    )
    (tmp_path / "codes.csv").write_text(codes)
    (tmp_path / "names.csv").write_text(names, encoding="utf-8")
    for f in ("codes.csv", "names.csv"):
        res = read_ifr_file(tmp_path / f)
        assert res.problems.empty, res.problems
        assert list(res.rows.iso3) == [iso for _, _, iso in pairs]
        assert list(res.rows.is_country) == [not iso.startswith("IFR:") for _, _, iso in pairs]


def test_other_editions_spellings(tmp_path):
    from gvc.sources.ifr import read_ifr_file

    names = ["Turkey", "Korea", "Taiwan", "Czechia", "United States of America", "Viet Nam"]
    text = "Year,country,industrycode,delivered,op_stock\n" + "".join(
        f'2011,"{n}",D,1,2\n' for n in names
    )
    (tmp_path / "old.csv").write_text(text)
    res = read_ifr_file(tmp_path / "old.csv")
    assert list(res.rows.iso3) == ["TUR", "KOR", "TWN", "CZE", "USA", "VNM"]


def test_european_number_format(tmp_path):
    """';' separator with thousands points and decimal commas (a file saved with European
    settings): 221.547 robots is 221547, not 221.547 (issue 24)."""
    text = (
        "Year;countrycode;country;industrycode;industry;delivered;op_stock;density_per_10k\n"
        "2019;DE;Germany;D;Manufacturing;20.473;221.547;346,5\n"
        "2019;DE;Germany;29;Automotive;8.000;100.000;\n"
    )
    p = tmp_path / "eu.csv"
    p.write_text(text, encoding="cp1252")
    raw = read_user_file(p).set_index("industry")
    assert raw.loc["D", "operational_stock"] == 221547
    assert raw.loc["D", "installations"] == 20473
    assert raw.loc["D", "density_per_10k"] == pytest.approx(346.5)
    assert raw.loc["29", "operational_stock"] == 100000


def test_excel_file_with_data_on_another_sheet(tmp_path):
    p = tmp_path / "wr.xlsx"
    with pd.ExcelWriter(p) as xl:
        pd.DataFrame({"Notes": ["World Robotics 2017 extract", "licensed to ..."]}).to_excel(
            xl, sheet_name="Read me", index=False
        )
        _rows().to_excel(xl, sheet_name="Data", index=False)
    raw = read_user_file(p)
    assert len(raw) == len(_rows())
    q = tmp_path / "none.xlsx"
    with pd.ExcelWriter(q) as xl:
        pd.DataFrame({"a": [1]}).to_excel(xl, sheet_name="Cover", index=False)
        pd.DataFrame({"b": [2]}).to_excel(xl, sheet_name="Other", index=False)
    with pytest.raises(DataError, match=r"none.xlsx: none of the sheets \['Cover', 'Other'\]"):
        read_user_file(q)


def test_repeated_rows_identical_kept_once_conflicting_left_out(tmp_path):
    from gvc.sources.ifr import read_ifr_file

    p = tmp_path / "dup.csv"
    p.write_text(
        HEAD + GOOD + GOOD + "2015,FR,France,D,Manufacturing,1,10\n"
        "2015,FR,France,D,Manufacturing,2,20\n"
    )
    res = read_ifr_file(p)
    assert list(res.rows.iso3) == ["DEU"]
    assert "rows 4, 5" in res.problems.message.iloc[0]


def test_children_exceeding_parent_is_an_error():
    df = pd.DataFrame(
        {
            "iso3": "ITA",
            "year": 2012,
            "industry": ["D", "29", "30"],
            "operational_stock": [100.0, 90.0, 60.0],
            "installations": float("nan"),
        }
    )
    with pytest.raises(DataError, match=r"ITA 2012.*industry D has 100.*sum to 150"):
        allocate(df, "ITA file")


def test_unreadable_binary_file(tmp_path):
    p = tmp_path / "wr.xlsx"
    p.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DataError, match="wr.xlsx.*cannot be read as XLSX"):
        read_user_file(p)


def test_a_missing_path_says_not_found(tmp_path):
    with pytest.raises(DataError, match=r"wr\.csv: IFR file not found; give the path"):
        read_user_file(tmp_path / "wr.csv")
    with pytest.raises(DataError, match="not found .it is a folder."):
        read_user_file(tmp_path)


def test_remainder_allocation_is_tracked_apart_from_explicit_unspecified_codes():
    """Hand-computed: 000 = 1000 with D = 800 and 99 = 100 (so 100 unreported below 000); D's
    sub-industries 29 = 300 and 24-28 = 200 (300 unreported below D). Allocated: 500, of which
    400 from the unreported remainders (100 + 300) and 100 from the explicit code 99."""
    from gvc.sources.ifr_industries import allocation_shares, allocation_warning

    df = pd.DataFrame(
        {
            "iso3": "ITA",
            "year": 2010,
            "industry": ["000", "D", "99", "29", "24-28"],
            "operational_stock": [1000.0, 800.0, 100.0, 300.0, 200.0],
            "installations": float("nan"),
        }
    )
    leaves = allocate(df).set_index("ifr_code")
    assert leaves["amount"].to_dict() == pytest.approx({"29": 600.0, "24-28": 400.0})
    assert leaves["unspecified_allocated"].to_dict() == pytest.approx({"29": 300.0, "24-28": 200.0})
    assert leaves["remainder_allocated"].to_dict() == pytest.approx({"29": 240.0, "24-28": 160.0})
    sh = allocation_shares(to_wiod(allocate(df))).iloc[0]
    assert sh["manuf_stock"] == pytest.approx(1000.0)
    assert sh["allocated_share"] == pytest.approx(0.5)
    assert sh["remainder_share"] == pytest.approx(0.4)
    assert "in 1 of 1 country-years (largest ITA 2010: 40%)" in allocation_warning(
        to_wiod(leaves.reset_index())
    )
    # only the explicit code unreported: nothing to warn about
    full = df.assign(operational_stock=[1000.0, 900.0, 100.0, 600.0, 300.0])
    assert allocation_shares(to_wiod(allocate(full))).iloc[0]["remainder_share"] == 0
    assert allocation_warning(to_wiod(allocate(full))) == ""


def test_a_full_scale_extract_is_read_whole(tmp_path):
    """SYNTHETIC extract at a real one's scale (every IFR code, 1993-2016, four-level nesting;
    tests/sources/ifr_extract.py): nothing is left out, every country maps to its ISO3 code and
    every aggregate is flagged, and manufacturing (MANUF) equals D plus D's share of 99 (the
    hierarchy identity) for every country-year."""
    from ifr_extract import YEARS, write_extract

    from gvc.panels.robots_by_industry import _ifr_file
    from gvc.sources.ifr import country_table

    path = write_extract(tmp_path / "SYNTHETIC_IFR_extract.csv")
    rows, problems = _ifr_file(path)
    assert problems.empty, problems.head()
    tab = country_table()
    countries = set(tab.loc[(tab.kind == "country") & (tab.ifr_code != ""), "iso3"])
    assert set(rows.loc[rows.is_country, "iso3"]) == countries
    assert rows.loc[~rows.is_country, "iso3"].str.startswith("IFR:").all()
    assert (
        rows.loc[~rows.is_country, "iso3"].nunique()
        == ((tab.kind == "aggregate") & (tab.ifr_code != "")).sum()
    )
    assert set(rows.year) == set(YEARS)
    raw = pd.read_csv(path, dtype={"industrycode": str})
    top = raw[raw.industrycode.isin(["0", "D", "99"])].pivot_table(
        index=["countrycode", "Year"], columns="industrycode", values="op_stock"
    )
    expect = top["D"] + top["99"] * top["D"] / (top["0"] - top["99"])
    code_iso = dict(zip(tab.ifr_code, tab.iso3, strict=True))
    m = rows[(rows.industry == "MANUF") & rows.is_country].set_index(["iso3", "year"])
    for (code, year), v in expect.items():
        if code_iso.get(code):
            assert m.loc[(code_iso[code], year), "operational_stock"] == pytest.approx(v, rel=1e-9)


def test_ifr_file_displays_and_one_build_reads_each_file_once(tmp_path, monkeypatch):
    """Jupyter shows an IfrFile as tables; robots_by_industry and ifr_files share one read of
    the same file (a changed file is read again)."""
    from gvc.panels import robots_by_industry as rbi
    from gvc.sources.ifr import read_ifr_file

    p = tmp_path / "wr.csv"
    p.write_text(HEAD + GOOD + "2015,XX,Atlantis,D,Manufacturing,1,10\n")
    html = read_ifr_file(p)._repr_html_()
    assert "1 rows read" in html and "1 problem(s)" in html and "Atlantis" in html
    calls = []
    real = rbi._read_ifr
    monkeypatch.setattr(rbi, "_read_ifr", lambda *a: calls.append(1) or real(*a))
    rbi._LAST.clear()
    rbi.build_robots_by_industry({"ifr/wr.csv": p})
    rbi.build_ifr_files({"ifr/wr.csv": p})
    assert len(calls) == 1
    p.write_text(HEAD + GOOD)
    assert list(rbi.build_ifr_files({"ifr/wr.csv": p}).status) == ["read"] and len(calls) == 2


def test_decimal_comma_cell_is_read_and_said(tmp_path):
    """A number written ``1.234,5`` in a ','-separated file (one cell re-typed by hand) makes
    the file's numbers decimal-comma numbers: the cell is read as 1234.5 and the reader says so
    in a ``number format`` note naming the row, the file's column and the value; a file with
    decimal points gets no note. The other rows read the same either way."""
    from gvc.sources.ifr import read_ifr_file

    head = "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
    p = tmp_path / "ifr_SYNTHETIC.csv"
    p.write_text(
        head
        + "2010,DE,Germany,29,Automotive,10,1000\n"
        + '2011,DE,Germany,29,Automotive,12,"1.234,5"\n'
    )
    res = read_ifr_file(p)
    assert res.rows.set_index("year").loc[2011, "operational_stock"] == 1234.5
    assert res.rows.set_index("year").loc[2010, "operational_stock"] == 1000
    note = res.problems[res.problems["status"] == "number format"]
    assert list(note["n_rows"]) == [1]
    msg = note["message"].item()
    assert "row 3" in msg and "'op_stock'" in msg and "'1.234,5' read as 1234.5" in msg
    assert "','-separated" in msg
    plain = tmp_path / "plain.csv"
    plain.write_text(head + "2010,DE,Germany,29,Automotive,10,1000.5\n")
    assert read_ifr_file(plain).problems.empty
