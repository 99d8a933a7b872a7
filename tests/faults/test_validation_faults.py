"""Bad values in raw files: impossible values are errors naming the file, row, column and value
(never stored, never silently truncated), and processed data stays unchanged."""

from __future__ import annotations

import pytest

from .conftest import cli, fails_cleanly, hashes, leftovers

WDI_YOUTH = "API_SL.UEM.1524.ZS_DS2_en_csv_v2_6300644.csv"
OWID_INV = "private-investment-in-artificial-intelligence-cset.csv"
OWID_ROBOTS = "industrial-robots-annual-installations-total-operational.csv"
OWID_PATENTS = "artificial-intelligence-patents-submitted-per-million.csv"
IFR_OK = (
    "country,industry,year,installations,operational_stock\n"
    "Germany,D,2019,20473,221547\nJapan,D,2019,49908,354878\n"
)


def _set_wdi_cell(path, country: str, year: str, value: str) -> int:
    """Replace one cell of a WDI file; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.startswith('"Country Name"'))
    cols = lines[head].split('","')
    j = next(k for k, c in enumerate(cols) if c.strip('",') == year)
    i = next(i for i, ln in enumerate(lines) if ln.startswith(f'"{country}"'))
    cells = lines[i].split('","')
    cells[j] = value
    lines[i] = '","'.join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return i + 1


@pytest.mark.parametrize("value", ["inf", "-1e5", "250", "Infinity"])
def test_wdi_impossible_percent(built, raw_copy, value):
    p = raw_copy("wdi", WDI_YOUTH)
    line = _set_wdi_cell(p, "Indonesia", "2015", value)
    err = fails_cleanly(
        "build", "wdi", data_dir=built, needles=(WDI_YOUTH, f"row {line}", "'2015'", "IDN", value)
    )
    assert "fetch it again" in err


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),
        lambda t: b"\x89PNG\r\n\x1a\n\xff\xfe\x00\xd8" * 200,
    ],
    ids=["utf16", "binary"],
)
def test_wdi_unreadable_encoding(built, raw_copy, encode):
    p = raw_copy("wdi", WDI_YOUTH)
    p.write_bytes(encode(p.read_text(encoding="utf-8-sig")))
    fails_cleanly("build", "wdi", data_dir=built, needles=(WDI_YOUTH, "UTF-8"))


def test_wdi_duplicate_key_names_the_file(built, raw_copy):
    p = raw_copy("wdi", WDI_YOUTH)
    lines = p.read_text(encoding="utf-8-sig").splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith('"Indonesia"'))
    lines.insert(i + 1, lines[i])
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fails_cleanly(
        "build", "wdi", data_dir=built, needles=(WDI_YOUTH, "not unique", "iso3=IDN", "year=")
    )


def test_owid_unknown_code(built, raw_copy):
    p = raw_copy("owid", OWID_INV)
    lines = p.read_text().splitlines()
    i = next(i for i, ln in enumerate(lines) if ",DEU," in ln)
    lines[i] = lines[i].replace(",DEU,", ",ZZZ,")
    p.write_text("\n".join(lines) + "\n")
    fails_cleanly("build", "ai_investment", needles=(OWID_INV, f"row {i + 1}", "'ZZZ'", "'Code'"))


def test_owid_unknown_code_in_patents_leaves_shares_alone(built, raw_copy):
    p = raw_copy("owid", OWID_PATENTS)
    lines = p.read_text().splitlines()
    i = next(i for i, ln in enumerate(lines) if ",ARG," in ln)
    lines[i] = lines[i].replace(",ARG,", ",ZZZ,")
    p.write_text("\n".join(lines) + "\n")
    fails_cleanly("build", "patents", data_dir=built, needles=(OWID_PATENTS, "'ZZZ'"))


def test_owid_fractional_year(built, raw_copy):
    p = raw_copy("owid", OWID_ROBOTS)
    lines = p.read_text().splitlines()
    lines[3] = lines[3].replace(",2013,", ",2013.7,")
    assert "2013.7" in lines[3]
    p.write_text("\n".join(lines) + "\n")
    fails_cleanly("build", "robots", data_dir=built, needles=(OWID_ROBOTS, "row 4", "2013.7"))


def ifr_file_left_out(built, needles) -> str:
    """A user IFR file that cannot be read at all: ``gvc build robots_by_industry ifr_files``
    builds the rest, then exits 2 with one error line naming the file and the fault, logs it
    in ``ifr_files``, and keeps none of the file's rows (issue 19)."""
    import gvc

    res = cli("build", "robots_by_industry", "ifr_files")
    assert res.exit_code == 2, res.output
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error: IFR file left out")]
    assert len(errors) == 1 and "Traceback" not in res.stderr, res.stderr
    for n in needles:
        assert n in errors[0], (n, errors[0])
    log = gvc.load("ifr_files")
    assert (log.status == "error").sum() == 1
    rbi = gvc.load("robots_by_industry")
    assert not (rbi.source == "ifr").any()
    assert (rbi.source == "jara").any()  # the rest was built
    assert not leftovers(built)
    return errors[0]


def ifr_row_left_out(built, needles) -> str:
    """A bad row of a user IFR file: the build exits 0, lists the row in one warning line naming
    the file, row and column, and keeps the file's other rows (issue 19)."""
    import gvc

    res = cli("build", "robots_by_industry", "ifr_files")
    assert res.exit_code == 0, res.output
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("warning: IFR row left out")]
    assert len(warnings) == 1, res.stderr
    for n in needles:
        assert n in warnings[0], (n, warnings[0])
    log = gvc.load("ifr_files").set_index("status")
    assert log.loc["read", "n_rows"] > 0 and log.loc["row left out", "n_rows"] == 1
    rbi = gvc.load("robots_by_industry")
    ifr = rbi[(rbi.source == "ifr") & (rbi.industry == "MANUF")].set_index("iso3")
    assert ifr.loc["DEU", "operational_stock"] == 221547  # the good rows are used
    assert "FRA" not in ifr.index
    assert not leftovers(built)
    return warnings[0]


@pytest.mark.parametrize(
    "row, needles",
    [
        ("France,D,2019,-5,100", ("wr2020.csv", "row 4", "installations", "negative")),
        ("France,D,2019,inf,100", ("wr2020.csv", "row 4", "installations", "finite")),
        ("France,D,2019,1,1e400", ("wr2020.csv", "row 4", "operational_stock")),
    ],
)
def test_ifr_impossible_values_leave_out_the_row(built, row, needles):
    d = built / "raw" / "ifr"
    d.mkdir(parents=True)
    (d / "wr2020.csv").write_text(IFR_OK + row + "\n")
    ifr_row_left_out(built, needles)


def test_ifr_fractional_year_leaves_out_the_file(built):
    d = built / "raw" / "ifr"
    d.mkdir(parents=True)
    (d / "wr2020.csv").write_text(IFR_OK + "France,D,2019.7,1,100\n")
    ifr_file_left_out(built, ("wr2020.csv", "row 4", "year", "2019.7"))


def test_ifr_density_range(built):
    d = built / "raw" / "ifr"
    d.mkdir(parents=True)
    rows = IFR_OK.replace("operational_stock\n", "operational_stock,density_per_10k\n")
    rows = rows.replace("221547\n", "221547,371\n").replace("354878\n", "354878,123456\n")
    (d / "wr2020.csv").write_text(rows)
    res = cli("build", "robots_by_industry", "ifr_files")
    assert res.exit_code == 0, res.output
    line = [ln for ln in res.stderr.splitlines() if "density_per_10k" in ln]
    assert len(line) == 1 and "wr2020.csv: row 3" in line[0] and "plausible" in line[0]


def test_stray_directory_in_ifr_is_ignored(built):
    d = built / "raw" / "ifr" / "old.csv"
    d.mkdir(parents=True)
    (built / "raw" / "ifr" / "wr2020.csv").write_text(IFR_OK)
    res = cli("build", "robots_by_industry", "ifr_files")
    assert res.exit_code == 0, res.output
    assert "warning" not in res.stderr
    import gvc

    log = gvc.load("ifr_files")
    assert list(log.status) == ["read"] and log.file.str.endswith("wr2020.csv").all()
    assert (gvc.load("robots_by_industry").source == "ifr").any()


def test_valid_data_still_builds_identically(built):
    """The new checks pass every real file: a forced rebuild gives the same bytes."""
    before = hashes(built / "processed")
    res = cli("build", "--force", "wdi", "robots", "patents")
    assert res.exit_code == 0, res.output
    assert hashes(built / "processed") == before


def test_owid_utf16_file_is_named(built, raw_copy):
    p = raw_copy("owid", OWID_PATENTS)
    p.write_bytes(p.read_text().encode("utf-16"))
    fails_cleanly("build", "patents", data_dir=built, needles=(OWID_PATENTS, "fetch it again"))
