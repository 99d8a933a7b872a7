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


@pytest.mark.parametrize(
    "text, needles",
    [
        (
            "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
            "2015,DE,Germany,D,Manufacturing,1,10\n2015,DE,Germany,29,Auto,1\n",
            ["row 3", "fields"],
        ),
        (
            "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
            "2015,DE,Germany,D,Manufacturing,1,ten\n",
            ["row 2", "column 'operational_stock'", "'ten'"],
        ),
        (
            "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
            "2015,DE,Germany,D,Manufacturing,1,10\n2015,DE,Germany,XYZ,Other,1,10\n",
            ["row 3", "column 'industrycode'", "XYZ"],
        ),
        (
            "Year,countrycode,country,industrycode,industry,delivered,op_stock\n"
            "2015,FR,Germany,D,Manufacturing,1,10\n",
            ["row 2", "FRA", "DEU"],
        ),
        (
            "Year,country,industrycode,delivered\n2015,Germany,D,1\n",
            ["missing column", "operational_stock"],
        ),
    ],
)
def test_damaged_files_name_file_row_column(text, needles, tmp_path):
    p = tmp_path / "damaged.csv"
    p.write_text(text)
    with pytest.raises(DataError) as e:
        read_user_file(p)
    msg = str(e.value)
    assert "damaged.csv" in msg
    for n in needles:
        assert n in msg, msg


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
