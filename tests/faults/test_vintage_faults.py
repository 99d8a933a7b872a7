"""Plausibility against the last vintage (issue 24, item 2): a revised raw file accepted with
GVC_ACCEPT_NEW_VINTAGE=1 that lost rows, countries or years, changed units, re-wrote its dates
or gives one key two values ends in one error line naming the file, the column and the check;
GVC_ACCEPT_IMPLAUSIBLE=<source/name> lets it through, except a file cut mid-row."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from gvc.sources import plausibility, vintage
from gvc.sources.content import vintages
from gvc.sources.registry import SOURCES

from .conftest import cli, fails_cleanly

WDI_YOUTH = "API_SL.UEM.1524.ZS_DS2_en_csv_v2_6300644.csv"
WDI_POP = "API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv"
WDI_META = "Metadata_Country_API_SP.POP.TOTL_DS2_en_csv_v2_391465.csv"
OWID_ROBOTS = "industrial-robots-annual-installations-total-operational.csv"
GPQA = "gpqa_diamond.csv"
ROBOTS_INST = "Annual industrial robots installed"
ROBOTS_STOCK = "Total industrial robots in operation"


def _builds(*tables: str) -> None:
    res = cli("build", *tables)
    assert res.exit_code == 0, (res.output, res.exception)


def _accept(monkeypatch, source: str, name: str) -> None:
    monkeypatch.setenv(vintage.OVERRIDE, f"{source}/{name}")


def _rewrite(path, edit) -> None:
    """Read a raw CSV as strings, ``edit`` the frame, write it back (same columns, quoted)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(df)
    df.to_csv(path, index=False)


def _scale(df: pd.DataFrame, col: str, factor: float) -> None:
    v = pd.to_numeric(df[col], errors="coerce") * factor
    df[col] = v.round().astype("Int64").astype("string").fillna("")


# the six fault cases of the issue


def test_wdi_cut_in_half_at_a_row_boundary(built, raw_copy, monkeypatch):
    p = raw_copy("wdi", WDI_YOUTH)
    lines = p.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    p.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    err = fails_cleanly("build", "wdi", data_dir=built, needles=(WDI_YOUTH, "row count", "rows"))
    assert "GVC_ACCEPT_IMPLAUSIBLE=wdi/" + WDI_YOUTH in err
    _accept(monkeypatch, "wdi", WDI_YOUTH)
    _builds("wdi")


def test_epoch_cut_mid_row_is_an_error_even_with_the_override(built, raw_copy, monkeypatch):
    p = raw_copy("epoch", GPQA)
    text = p.read_text(encoding="utf-8")
    cut = text.rfind("\n", 0, len(text) // 2)
    p.write_text(text[: cut + 40], encoding="utf-8")  # 40 characters into a row
    needles = (GPQA, "truncated", "cut mid-row")
    fails_cleanly("build", "ai_benchmarks", data_dir=built, needles=needles)
    _accept(monkeypatch, "epoch", GPQA)
    err = fails_cleanly("build", "ai_benchmarks", data_dir=built, needles=needles)
    assert "does not accept a cut-off file" in err


def test_population_in_thousands(built, raw_copy, monkeypatch):
    """Patents per million would be 1000x too small."""
    p = raw_copy("wdi", WDI_POP)
    lines = p.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    skip = next(i for i, ln in enumerate(lines) if ln.startswith('"Country Name"'))
    head = "".join(lines[:skip])
    df = pd.read_csv(p, skiprows=skip, dtype=str, keep_default_na=False)
    years = [c for c in df.columns if c.isdigit()]
    for y in years:
        _scale(df, y, 1e-3)
    p.write_text(head + df.to_csv(index=False, quoting=1), encoding="utf-8")
    err = fails_cleanly(
        "build", "patents", data_dir=built, needles=(WDI_POP, "'value'", "median ratio")
    )
    assert "ratio 0.001 " in err
    _accept(monkeypatch, "wdi", WDI_POP)
    _builds("patents")


def test_owid_robots_in_thousands(built, raw_copy, monkeypatch):
    p = raw_copy("owid", OWID_ROBOTS)
    _rewrite(p, lambda df: [_scale(df, c, 1e-3) for c in (ROBOTS_INST, ROBOTS_STOCK)])
    fails_cleanly(
        "build", "robots", data_dir=built, needles=(OWID_ROBOTS, f"'{ROBOTS_INST}'", "median ratio")
    )
    _accept(monkeypatch, "owid", OWID_ROBOTS)
    _builds("robots")


def _dmy(df: pd.DataFrame) -> None:
    d = pd.to_datetime(df["Release date"], format="%Y-%m-%d")
    df["Release date"] = d.dt.strftime("%d/%m/%Y")


def test_epoch_dates_resaved_day_first(built, raw_copy, monkeypatch):
    p = raw_copy("epoch", GPQA)
    _rewrite(p, _dmy)
    fails_cleanly(
        "build", "ai_benchmarks", data_dir=built,
        needles=(GPQA, "'Release date'", "date order", "dmy", "ymd"),
    )  # fmt: skip
    _accept(monkeypatch, "epoch", GPQA)
    _builds("ai_benchmarks")


def test_epoch_dates_all_ambiguous(built, raw_copy):
    """Only dates with day and month at most 12: day-first or month-first cannot be told."""

    def edit(df):
        d = pd.to_datetime(df["Release date"], format="%Y-%m-%d")
        df["Release date"] = d.dt.strftime("%m/") + d.dt.month.map("{:02d}".format) + "/2024"

    p = raw_copy("epoch", GPQA)
    _rewrite(p, edit)
    fails_cleanly(
        "build", "ai_benchmarks", data_dir=built, needles=(GPQA, "'Release date'", "d/m or m/d")
    )


def test_wdi_metadata_conflicting_duplicate(built, raw_copy, monkeypatch):
    """A second DEU row saying "Low income" made Germany a low-income country."""
    p = raw_copy("wdi", WDI_META)
    lines = p.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    i = next(k for k, ln in enumerate(lines) if ln.startswith('"DEU"'))
    assert "High income" in lines[i]
    lines.insert(i + 1, lines[i].replace("High income", "Low income"))
    p.write_text("".join(lines), encoding="utf-8")
    err = fails_cleanly(
        "build", "countries", data_dir=built,
        needles=(WDI_META, "conflicting duplicate keys", "Country Code=DEU", "'IncomeGroup'"),
    )  # fmt: skip
    assert "Low income" in err
    _accept(monkeypatch, "wdi", WDI_META)
    _builds("countries")


def test_wdi_country_lost(built, raw_copy):
    p = raw_copy("wdi", WDI_YOUTH)
    lines = p.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines = [ln for ln in lines if not ln.startswith('"Germany"')]
    p.write_text("".join(lines), encoding="utf-8")
    fails_cleanly(
        "build", "wdi", data_dir=built, needles=(WDI_YOUTH, "'Country Code'", "coverage", "DEU")
    )


# the last accepted vintage is the reference


def test_next_vintage_is_compared_with_the_last_accepted(built, raw_copy):
    """Robots x1.8 passes against the registry's (ratio 1.8); x1.8 again passes against that
    accepted vintage (recorded in MANIFEST.json), though it is 3.24x the registry's."""
    p = raw_copy("owid", OWID_ROBOTS)
    _rewrite(p, lambda df: [_scale(df, c, 1.8) for c in (ROBOTS_INST, ROBOTS_STOCK)])
    _builds("robots")
    man = json.loads((built / "processed" / "MANIFEST.json").read_text())
    rec = [i["vintage"] for i in man["tables"]["robots"]["inputs"] if "vintage" in i]
    assert [r["file"] for r in rec] == [f"owid/{OWID_ROBOTS}"]
    ref = vintage.registry_stats()[f"owid/{OWID_ROBOTS}"]["medians"][ROBOTS_INST]
    assert 1.7 < rec[0]["medians"][ROBOTS_INST] / ref < 1.9
    _rewrite(p, lambda df: [_scale(df, c, 1.8) for c in (ROBOTS_INST, ROBOTS_STOCK)])
    _builds("robots")
    _rewrite(p, lambda df: [_scale(df, c, 1 / 1.8**2) for c in (ROBOTS_INST, ROBOTS_STOCK)])
    fails_cleanly("build", "robots", data_dir=built, needles=(OWID_ROBOTS, "median ratio"))


# no false alarm on the registry's own files


def _checked_files():
    return [f for s in SOURCES.values() for f in s.files if f.sha256 and vintage.profile(f.key)]


def test_registry_files_pass_every_check(mirror):
    """Each registry file checked against its own reference: no problem, and its statistics are
    those stored (the stats file is current). Row counts agree with ``vintages.csv``, counted
    independently for the download check (gvc.sources.content)."""
    files = _checked_files()
    assert {f.source for f in files} == {"wdi", "owid", "epoch"} and len(files) >= 20
    stored = vintage.registry_stats()
    for f in files:
        df, new = vintage.file_stats(f.key, mirror / f.source / f.name)
        ref = stored[f.key]
        assert plausibility.problems(df, new, ref, key=vintage.profile(f.key).key) == [], f.key
        assert {k: v for k, v in ref.items() if k != "sha256"} == new, f.key
        assert new["rows"] == vintages()[(f.source, f.name)][0], f.key
        assert vintage.cut_mid_row(f.key, mirror / f.source / f.name) is None, f.key


def test_a_checked_revision_passes(built, raw_copy):
    """A plausible revision (values +5%, one row fewer of 77) builds."""
    p = raw_copy("owid", OWID_ROBOTS)
    _rewrite(p, lambda df: [_scale(df, c, 1.05) for c in (ROBOTS_INST, ROBOTS_STOCK)])
    lines = p.read_text().splitlines(keepends=True)
    i = next(k for k, ln in enumerate(lines) if ln.startswith("Germany,DEU,2015,"))
    p.write_text("".join(lines[:i] + lines[i + 1 :]))
    _builds("robots")


@pytest.mark.parametrize(
    "values, order",
    [
        (["2024-02-17", "2023-12-01"], "ymd"),
        (["17/02/2024", "01/03/2024"], "dmy"),
        (["02/17/2024", "03/01/2024"], "mdy"),
        (["01/02/2024", "03/04/2024"], "ambiguous"),
        (["17/02/2024", "02/17/2024"], "mixed"),
        (["2024-02-17", "Feb 2024"], "unparseable"),
        (["", ""], None),
    ],
)
def test_date_order(values, order):
    assert plausibility.date_order(pd.Series(values))[0] == order


def test_override_names_files(monkeypatch):
    monkeypatch.setenv(vintage.OVERRIDE, f" owid/{OWID_ROBOTS} , {GPQA}")
    assert vintage.overridden(f"owid/{OWID_ROBOTS}")
    assert vintage.overridden(f"epoch/{GPQA}")
    assert not vintage.overridden(f"wdi/{WDI_POP}")


def test_implausible_download_is_deleted(offline_data, monkeypatch, mirror):
    """A downloaded vintage that lost economies never gets its final name in data/raw."""
    from .http_fixture import INV, Server, serve_owid

    lines = (mirror / "owid" / INV).read_bytes().splitlines(keepends=True)
    cut = b"".join(lines[:781])  # 780 of 793 rows: Zambia and Zimbabwe lost
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=cut, send_length=False)
        err = fails_cleanly(
            "data", "fetch", "owid", needles=(f"download of owid/{INV}", "'Entity'", "Zimbabwe")
        )
    assert "The download was deleted" in err
    assert not (offline_data / "raw" / "owid" / INV).exists()
    assert not list((offline_data / "raw" / "owid").glob(".*"))
    monkeypatch.setenv(vintage.OVERRIDE, f"owid/{INV}")
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=cut, send_length=False)
        assert cli("data", "fetch", "owid").exit_code == 0
    assert (offline_data / "raw" / "owid" / INV).read_bytes() == cut


# files re-saved by a European spreadsheet (';', decimal commas, thousands points): the checks
# read them as the readers do (gvc.sources.csv_numbers), on the mirror's real files converted


def _european(src, dst):
    from european_csv import europeanize

    eu = europeanize(src, dst)
    text = eu.read_text(encoding="utf-8")
    assert text.count(";") > text.count("\n") and '","' not in text  # really converted
    return eu


@pytest.mark.parametrize("key", [f.key for f in _checked_files()])
def test_european_resave_passes_every_check_as_the_original(mirror, tmp_path, monkeypatch, key):
    """Same statistics as the published file (rows, coverage, medians, date orders), so no
    check fails; before, WDI in US$ had no median at all (the check was skipped) and OWID
    lost every year ('2.011')."""
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))  # no MANIFEST: registry's stats
    source, name = key.split("/", 1)
    src = mirror / source / name
    eu = _european(src, tmp_path / name)
    _, published = vintage.file_stats(key, src)
    df, new = vintage.file_stats(key, eu)
    assert new == published
    assert (
        plausibility.problems(df, new, vintage.registry_stats()[key], key=vintage.profile(key).key)
        == []
    )
    assert vintage.cut_mid_row(key, eu) is None
    digest = "european-" + key
    try:
        vintage.check(key, source, eu, digest)  # raises on any failed check
        assert vintage.recorded(digest)["vintage"] == new
    finally:
        vintage._ACCEPTED.pop(digest, None)


def _pop_in_thousands(src, dst):
    lines = src.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    skip = next(i for i, ln in enumerate(lines) if ln.startswith('"Country Name"'))
    df = pd.read_csv(src, skiprows=skip, dtype=str, keep_default_na=False)
    for y in [c for c in df.columns if c.isdigit()]:
        _scale(df, y, 1e-3)
    dst.write_text("".join(lines[:skip]) + df.to_csv(index=False, quoting=1), encoding="utf-8")


def _robots_in_thousands(src, dst):
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    for c in (ROBOTS_INST, ROBOTS_STOCK):
        _scale(df, c, 1e-3)
    df.to_csv(dst, index=False)


@pytest.mark.parametrize(
    "source, name, col, scale",
    [
        ("wdi", WDI_POP, "value", _pop_in_thousands),
        ("owid", OWID_ROBOTS, ROBOTS_INST, _robots_in_thousands),
    ],
)
def test_european_file_in_thousands_fails_the_level_check(
    mirror, tmp_path, monkeypatch, source, name, col, scale
):
    """Population 6.749 (thousands, ';' file) is 6749, not 6.749: the ratio is 0.001 as for the
    same change in a ','-file, and the error names the file, the column and the check."""
    from gvc.errors import DataError

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "k").mkdir()
    scale(mirror / source / name, tmp_path / "k" / name)
    eu = _european(tmp_path / "k" / name, tmp_path / name)
    if source == "wdi":
        assert ";6.749;" in eu.read_text()  # thousands points on whole numbers
    key = f"{source}/{name}"
    with pytest.raises(DataError) as e:
        vintage.check(key, source, eu, "european-thousands-" + key)
    msg = str(e.value)
    assert name in msg and f"'{col}'" in msg and "median ratio" in msg, msg
    assert "ratio 0.001 " in msg, msg


def test_european_resave_builds_the_same_tables(built, raw_copy):
    """End to end: European re-saves of WDI population and OWID robots pass the vintage checks
    of `gvc build` and give the same tables."""
    from gvc import load

    before = {t: load(t) for t in ("robots", "patents")}
    for source, name in (("wdi", WDI_POP), ("owid", OWID_ROBOTS)):
        p = raw_copy(source, name)
        p.write_bytes(_european(p, p.with_suffix(".eu")).read_bytes())
        p.with_suffix(".eu").unlink()
    _builds("robots", "patents")
    for t, df in before.items():
        pd.testing.assert_frame_equal(load(t), df, check_exact=True)


def test_european_population_in_thousands_fails_the_build(built, raw_copy, tmp_path):
    p = raw_copy("wdi", WDI_POP)
    _pop_in_thousands(p, tmp_path / WDI_POP)
    p.write_bytes(_european(tmp_path / WDI_POP, tmp_path / "eu.csv").read_bytes())
    err = fails_cleanly(
        "build", "patents", data_dir=built, needles=(WDI_POP, "'value'", "median ratio")
    )
    assert "ratio 0.001 " in err
