"""World Bank income groups of the table's year and World Bank regions as country groups
(``gvc.panels.wb_groups``, through ``read_icio``/``gvc.icio``)."""

from __future__ import annotations

import io_naive
import numpy as np
import pandas as pd
import pytest

from gvc.errors import ValidationError
from gvc.io import decompose
from gvc.panels import wb_groups
from gvc.sources.icio_table import IcioTable
from gvc.tables_io import icio_from_table

COUNTRIES = ("AAA", "BBB", "CCC", "DDD")
INCOME = pd.DataFrame(
    {
        "iso3": ["AAA", "BBB", "CCC", "DDD"] * 2,
        "year": [2000] * 4 + [2001] * 4,
        # BBB moves from upper-middle to high income in 2001; DDD is unclassified in 2000
        "income_group": ["H", "UM", "LM", None, "H", "H", "LM", "LM"],
        "carried_forward": [False] * 8,
    }
).astype({"income_group": "string"})


def table(year: int, G: int = 4, N: int = 2, seed: int = 3) -> IcioTable:
    Z, Y = io_naive.random_table(np.random.default_rng(seed), G, N)
    return IcioTable(
        "test", "synthetic", year, "USD", COUNTRIES[:G], tuple(f"i{j}" for j in range(N)),
        Z, Y, Z.sum(axis=1) + Y.sum(axis=1),
    )  # fmt: skip


@pytest.fixture
def income(monkeypatch):
    """The synthetic classification stands in for the processed ``income_groups`` table."""
    real = wb_groups._load

    def fake(name, columns, **filters):
        return INCOME if name == "income_groups" else real(name, columns, **filters)

    monkeypatch.setattr(wb_groups, "_load", fake)


def test_names_and_aliases():
    assert wb_groups.canonical("wb:h") == "WB:H"
    assert wb_groups.canonical("Low-Income") == "WB:L"
    assert wb_groups.canonical("upper-middle-income") == "WB:UM"
    assert wb_groups.canonical(" WB:SSA ") == "WB:SSA"
    assert wb_groups.canonical("EU27") is None
    assert set(wb_groups.names()) == {
        "WB:H", "WB:UM", "WB:LM", "WB:L",
        "WB:EAP", "WB:ECA", "WB:LAC", "WB:MENA", "WB:NA", "WB:SA", "WB:SSA",
    }  # fmt: skip


def test_membership_follows_the_table_year(income):
    with pytest.warns(UserWarning, match="DDD: no World Bank income group in 2000"):
        io0 = icio_from_table(table(2000), ["WB:H", "WB:UM", "lower-middle-income"])
    io1 = icio_from_table(table(2001), ["WB:H", "WB:LM"])
    assert io0.groups == {"WB:H": ("AAA",), "WB:UM": ("BBB",), "WB:LM": ("CCC",)}
    assert io0.meta["group_members_unclassified"]["WB:H"] == ["DDD"]
    assert io1.groups == {"WB:H": ("AAA", "BBB"), "WB:LM": ("CCC", "DDD")}
    assert "group_members_unclassified" not in io1.meta
    with pytest.raises(ValidationError, match=r"group WB:UM \(2001\): no country"):
        icio_from_table(table(2001), ["WB:UM"])
    with pytest.raises(ValidationError, match="cover data years 2000-2001.*not 1999"):
        icio_from_table(table(1999), ["WB:H"])


def test_group_totals_equal_sums_of_members(income):
    """A group's bilateral exports to an outside importer are its members' exports to it; the
    income groups of a year partition the classified countries."""
    io = icio_from_table(table(2001), ["WB:H", "WB:LM"])
    bil = decompose(io, "bm", "bilateral", wide=True).set_index(["exporter", "importer"])
    for group, members in io.groups.items():
        outside = [c for c in COUNTRIES if c not in members]
        for imp in outside:
            total = sum(bil.loc[(m, imp), "GEXP"] for m in members)
            assert bil.loc[(group, imp), "GEXP"] == pytest.approx(total, rel=1e-12)
    assert sorted(sum(io.groups.values(), ())) == sorted(COUNTRIES)


def test_year_needed_and_unknown_name():
    with pytest.raises(ValidationError, match="depend on the table's year"):
        icio_from_table(table(None), ["WB:H"])
    with pytest.raises(ValidationError, match="WB:H, WB:UM"):
        icio_from_table(table(2000), ["WB:XX"])


def test_regions_from_the_countries_table():
    regions = pd.DataFrame(
        {"iso3": ["AAA", "BBB", "CCC"], "region": ["East Asia & Pacific", "North America", None]}
    )
    with pytest.warns(UserWarning, match="CCC, DDD: no World Bank region"):
        g, unclassified = wb_groups.members(["WB:EAP", "WB:NA"], 2000, COUNTRIES, regions=regions)
    assert g == {"WB:EAP": ("AAA",), "WB:NA": ("BBB",)}
    assert unclassified["WB:EAP"] == ["CCC", "DDD"]


def test_real_classification_on_wiod_countries(use_wb_tables):
    """On the real OGHIST and WDI metadata: the WIOD 2013 countries by income group in 1995 and
    2011 (e.g. POL upper-middle in 1995, high income in 2011) and by region."""
    from gvc.sources.wiod2013 import read_wiot

    countries = list(read_wiot(use_wb_tables / "wiot_2011.RData").countries)
    specs = ["WB:H", "WB:UM", "WB:LM", "WB:L"]
    g95, _ = wb_groups.members(specs, 1995, countries)
    g11, _ = wb_groups.members(specs[:3], 2011, countries)
    assert "POL" in g95["WB:LM"] and "POL" in g11["WB:H"]
    assert "CHN" in g95["WB:L"] and "CHN" in g11["WB:UM"]
    assert sum(len(v) for v in g95.values()) == len([c for c in countries if c != "RoW"])
    r, _ = wb_groups.members(["WB:NA", "WB:MENA"], 2011, countries)
    assert r == {"WB:NA": ("CAN", "USA"), "WB:MENA": ("MLT",)}


@pytest.fixture(scope="module")
def _wb_tables(tmp_path_factory, mirror):
    from gvc.config import using_data_dir
    from gvc.panels.build import build

    d = tmp_path_factory.mktemp("wbdata")
    with using_data_dir(d):
        build(["income_groups", "countries"], progress=False)
    return d


@pytest.fixture
def use_wb_tables(_wb_tables, mirror, monkeypatch):
    monkeypatch.setenv("GVC_DATA_DIR", str(_wb_tables))
    return mirror / "wiod2013"


def test_cli_income_group_changes_between_years(use_wb_tables):
    """``gvc io decompose --groups WB:H``: POL is a partner of the high-income group in 1995
    (lower middle income then) and a member in 2011 (no longer a partner)."""
    from io import StringIO

    from click.testing import CliRunner

    from gvc.cli import main

    res = CliRunner().invoke(main, ["io", "decompose", "--source", "wiod2013", "--years",
                                    "1995,2011", "--groups", "WB:H", "--exporters", "WB:H",
                                    "--level", "bilateral"])  # fmt: skip
    assert res.exit_code == 0, res.output
    df = pd.read_csv(StringIO(res.stdout), keep_default_na=False)
    partners = df[df.term == "GEXP"].groupby("year").importer.apply(set)
    assert "POL" in partners[1995] and "POL" not in partners[2011]
    assert "CHN" in partners[1995] and "CHN" in partners[2011]


def test_tables_not_built_is_a_clear_error(tmp_path, monkeypatch):
    from gvc.errors import DataError

    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match="run `gvc build income_groups`"):
        icio_from_table(table(2000), ["WB:H"])
    with pytest.raises(DataError, match="run `gvc build countries`"):
        icio_from_table(table(2000), ["WB:EAP"])
