"""Numbers as users write them (issue 24 item 4): separator sniffing, number-format detection
and exact parsing in :mod:`gvc.sources.csv_numbers`.

Checked against simulated data with a known truth: random floats and integers are written in
each locale's style (Python's ``repr`` gives the shortest digits that round-trip, then the
decimal mark and thousands separators of the style), saved as a CSV with that style's
separator, and read back through ``gvc.sources.readers``; every value must come back
bit-for-bit, or the file must be refused as ambiguous (never a silently wrong number).
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gvc.errors import DataError
from gvc.sources.csv_numbers import EUROPEAN, PLAIN, detect, parse, sniff_separator
from gvc.sources.readers import read_csv, to_numeric

# style: (field separator, decimal mark, thousands separator or "" for none)
STYLES = {
    "plain": (",", ".", ""),
    "us_excel": (",", ".", ","),  # quoted "1,234.5"
    "european": (";", ",", "."),
    "european_plain": (";", ",", ""),
    "french": (";", ",", "\u00a0"),
    "narrow_nbsp": (";", ",", "\u202f"),
    "space_tab": ("\t", ",", " "),
    "swiss": (",", ".", "'"),
    "tab_plain": ("\t", ".", ""),
}


def write_number(v: float, decimal: str, thousands: str) -> str:
    """``v`` as a user's spreadsheet writes it in a style: the shortest round-trip digits,
    thousands grouped (not in scientific notation), the style's decimal mark."""
    text = repr(float(v)) if not float(v).is_integer() or abs(v) >= 1e16 else str(int(v))
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    mant, e, exp = text.partition("e")
    whole, _, frac = mant.partition(".")
    if thousands and not e:
        whole = f"{int(whole):,}".replace(",", thousands)
    return sign + whole + (decimal + frac if frac else "") + (e + exp if e else "")


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
values = st.lists(
    st.one_of(finite, st.integers(-(10**15), 10**15).map(float), st.floats(0, 1e7)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=values, style=st.sampled_from(sorted(STYLES)))
@example(values=[1000.0, 5e-324], style="us_excel")  # '1,000' beside '5e-324': ambiguous
def test_written_in_any_style_read_back_exactly(values, style):
    """Simulated truth: each value comes back bit-for-bit through a CSV file in its style, or
    the file is refused as ambiguous (only when every number could be read two ways)."""
    sep, dec, th = STYLES[style]
    cells = [write_number(v, dec, th) for v in values]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "values.csv"
        with open(p, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, delimiter=sep)
            w.writerow(["row", "value"])
            w.writerows([f"r{i}", c] for i, c in enumerate(cells))
        df = read_csv(p, dtype=str)
        assert df.attrs["csv_separator"] == sep
        try:
            got = to_numeric(df, "value", p).to_numpy()
        except DataError as exc:
            assert "ambiguous" in str(exc) and "values.csv" in str(exc)
            assert sep != ";"  # a ';' file is European when nothing else decides
            looks_grouped = pd.Series(cells).str.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}")
            # plain integers and numbers in scientific notation without a decimal mark
            # ('5e-324') tell nothing either
            plain_int = pd.Series(cells).str.fullmatch(r"-?\d+(e[+-]?\d+)?")
            assert (looks_grouped | plain_int).all() and looks_grouped.any(), cells
            return
    np.testing.assert_array_equal(got, np.array(values, dtype=float))


@settings(max_examples=100, deadline=None)
@given(values=st.lists(finite, min_size=1, max_size=30))
def test_parse_is_correctly_rounded(values):
    """Simulated truth: ``parse`` equals Python's float() of the shortest repr and of 17
    significant digits, where pandas' fast parser is off by one ulp for about a third of
    random floats."""
    for fmt_digits in (repr, lambda v: f"{v:.17g}"):
        cells = pd.Series([fmt_digits(v) for v in values], dtype=object)
        np.testing.assert_array_equal(parse(cells, PLAIN).to_numpy(), np.array(values))
        eu = cells.str.replace(".", ",", regex=False)
        np.testing.assert_array_equal(parse(eu, EUROPEAN).to_numpy(), np.array(values))


@pytest.mark.parametrize(
    "text, sep",
    [
        ('"Data Source","WDI",\n\n"Country Name","Code","1960",\n"A","ABW","1.5",\n', ","),
        ("Data Source;WDI;\n\nCountry Name;Code;1960;\nA;ABW;1,5;\nB;BEL;2,5;\n", ";"),
        (";AUS_c1;AUS_c2\nAUS_c1;1,5;2,25\nAUS_c2;3,5;4,75\n", ";"),  # ',' splits evenly too
        ("a\tb\tc\n1,5\t2\t3\n", "\t"),
        ('a,b\n"x;y",1\n"z;w",2\n', ","),
        ("just one column\n1\n2\n", ","),
    ],
)
def test_separator(text, sep):
    assert sniff_separator(text) == sep


@pytest.mark.parametrize(
    "cells, sep, decimal",
    [
        (["1.234,5", "7"], ",", ","),
        (["3,5", "1.500"], ";", ","),  # 1.500 is 1500 beside a decimal comma
        (["1,234,567", "1,500"], ",", "."),
        (["0.500", "1,500"], ",", "."),  # a leading zero is never a thousands group
        (["1.500", "2.000"], ";", ","),  # nothing decides: ';' means European
        (["12", "-3"], ",", "."),
        (["1 234,5"], ",", ","),
        (["1.5e-05", "2"], ";", "."),
    ],
)
def test_detected_format(cells, sep, decimal):
    assert detect({"v": pd.Series(cells)}, "f.csv", separator=sep).decimal == decimal


def test_ambiguous_file_is_one_line_naming_file_and_column():
    with pytest.raises(DataError) as e:
        detect({"2015": pd.Series(["1.500", "20.473", ""])}, "wdi.csv", separator=",")
    msg = str(e.value)
    assert msg.startswith("wdi.csv: column '2015': ") and "\n" not in msg
    for needle in ("'1.500'", "1500", "1.5", "ambiguous", "','-separated", "Save it again"):
        assert needle in msg, msg


def test_whole_number_columns():
    """Counts are whole: '1.500' read as 1.5 would be wrong, so it is ambiguous even beside a
    decimal point elsewhere; a quoted '221,547' count in a ','-file can only be thousands."""
    cols = {"density": pd.Series(["3.5"]), "stock": pd.Series(["1.500"])}
    with pytest.raises(DataError, match="column 'stock'.*ambiguous"):
        detect(cols, "ifr.csv", separator=",", whole=["stock"])
    fmt = detect({"stock": pd.Series(["221,547"])}, "ifr.csv", separator=",", whole=["stock"])
    assert parse(pd.Series(["221,547"]), fmt).iloc[0] == 221547


def test_two_formats_in_one_file_is_an_error():
    cols = {"a": pd.Series(["1.5"]), "b": pd.Series(["2,5"])}
    with pytest.raises(DataError, match=r"two formats: '1.5' \(column 'a'\).*'2,5' \(column 'b'\)"):
        detect(cols, "f.csv")


def test_not_numbers_are_nan_and_specials_pass_through():
    s = pd.Series(["1.2.3", "1,2,3", "12a", "", None, "inf", "-Infinity", "1 23", "\u22125"])
    got = parse(s, PLAIN).tolist()
    assert np.isnan(got[:5]).all() and np.isnan(got[7])
    assert got[5] == np.inf and got[6] == -np.inf and got[8] == -5.0
