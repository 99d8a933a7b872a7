"""Bad values in raw files: impossible values are errors naming the file, row, column and value
(never stored, never silently truncated), and processed data stays unchanged."""

from __future__ import annotations

import pytest

from .conftest import cli, fails_cleanly, hashes

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


@pytest.mark.parametrize(
    "row, needles",
    [
        ("France,D,2019,-5,100", ("installations", "-5", "iso3=FRA", ">=")),
        ("France,D,2019,inf,100", ("installations", "infinite", "row 4")),
        ("France,D,2019,1,1e400", ("operational_stock", "1e400", "row 4")),
    ],
)
def test_ifr_impossible_values_name_the_users_file(built, row, needles):
    d = built / "raw" / "ifr"
    d.mkdir(parents=True)
    (d / "wr2020.csv").write_text(IFR_OK + row + "\n")
    err = fails_cleanly("build", "robots", data_dir=built, needles=("wr2020.csv", *needles))
    assert "\n" not in err


def test_ifr_density_range(built):
    d = built / "raw" / "ifr"
    d.mkdir(parents=True)
    rows = IFR_OK.replace("operational_stock\n", "operational_stock,density_per_10k\n")
    rows = rows.replace("221547\n", "221547,371\n").replace("354878\n", "354878,123456\n")
    (d / "wr2020.csv").write_text(rows)
    fails_cleanly(
        "build", "robots", data_dir=built, needles=("wr2020.csv", "density_per_10k", "iso3=JPN")
    )


def test_stray_directory_in_ifr_is_ignored(built):
    d = built / "raw" / "ifr" / "old.csv"
    d.mkdir(parents=True)
    (built / "raw" / "ifr" / "wr2020.csv").write_text(IFR_OK)
    res = cli("build", "robots")
    assert res.exit_code == 0, res.output
    import gvc

    assert (gvc.load("robots").source == "ifr").sum() == 2


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
