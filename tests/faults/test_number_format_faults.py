"""Numbers as users write them (issue 24 item 4): files re-saved with European settings (';'
separator, decimal commas, thousands points) are read right, and a file whose numbers could be
read two ways is one clear error, never "the publisher renamed columns"."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
from european_csv import europeanize

from gvc.parquet import read_parquet

from .conftest import cli, fails_cleanly

WDI_GDP = "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_391573.csv"
WDI_YOUTH = "API_SL.UEM.1524.ZS_DS2_en_csv_v2_6300644.csv"
OWID_ROBOTS = "industrial-robots-annual-installations-total-operational.csv"


def _rebuild_same(built, raw_copy, source: str, names: list[str], table: str):
    """Replace raw files by European copies, rebuild ``table``: exit 0 and the same rows."""
    before = read_parquet(built / "processed" / f"{table}.parquet")
    for name in names:
        p = raw_copy(source, name)
        europeanize(p, p.with_suffix(".eu"))
        p.with_suffix(".eu").replace(p)
        assert ";" in p.read_text(encoding="utf-8").splitlines()[5]
    res = cli("build", table)
    assert res.exit_code == 0, res.output
    assert "renamed" not in res.output
    assert res.stdout.split()[:2] == ["built", table], res.output  # rebuilt from the new files
    after = read_parquet(built / "processed" / f"{table}.parquet")
    pd.testing.assert_frame_equal(after, before, check_exact=True)


def test_semicolon_wdi_builds_the_same_table(built, raw_copy):
    """GDP (thousands points, decimal commas) and youth unemployment (decimal commas)."""
    _rebuild_same(built, raw_copy, "wdi", [WDI_GDP, WDI_YOUTH], "wdi")


def test_semicolon_owid_builds_the_same_table(built, raw_copy):
    _rebuild_same(built, raw_copy, "owid", [OWID_ROBOTS], "robots")


def test_wdi_with_an_unread_separator_says_so(built, raw_copy):
    p = raw_copy("wdi", WDI_YOUTH)
    europeanize(p, p.with_suffix(".eu"), sep="|")
    p.with_suffix(".eu").replace(p)
    err = fails_cleanly("build", "wdi", data_dir=built, needles=(WDI_YOUTH, "'|'", "separated"))
    assert "renamed" not in err


# a SYNTHETIC 2-country x 2-industry table: Z, final demand F by destination
LABELS = ["AAA_man", "AAA_srv", "BBB_man", "BBB_srv"]
Z = np.array(
    [[1500.25, 200.5, 310.0, 40.75], [120.0, 980.5, 60.25, 22.0],
     [210.5, 35.0, 2100.75, 180.0], [15.25, 48.0, 160.5, 1250.0]]
)  # fmt: skip
F = np.array([[3200.5, 410.0], [2100.25, 95.5], [380.0, 4100.75], [60.5, 2500.0]])


def _write(folder, z_cells, f_cells, sep):
    """Z.csv and F.csv with the given cell texts."""
    z = pd.DataFrame(z_cells, index=LABELS, columns=LABELS)
    f = pd.DataFrame(f_cells, index=LABELS, columns=["AAA", "BBB"])
    z.to_csv(folder / "Z.csv", sep=sep)
    f.to_csv(folder / "F.csv", sep=sep)
    return folder / "Z.csv", folder / "F.csv"


def _decompose(z, f) -> pd.DataFrame:
    res = cli("io", "decompose", "--z", str(z), "--final", str(f), "--method", "kww")
    assert res.exit_code == 0, res.output
    return pd.read_csv(StringIO(res.stdout), keep_default_na=False)


def test_semicolon_decimal_comma_z_gives_the_plain_result(tmp_path):
    """SYNTHETIC table: ';' with thousands points and decimal commas (1.500,25) decomposes as
    the same table written plainly."""
    (tmp_path / "plain").mkdir()
    (tmp_path / "eu").mkdir()
    plain = _decompose(*_write(tmp_path / "plain", Z, F, ","))

    def eu(a):
        return np.vectorize(
            lambda v: f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        )(a)

    z, f = _write(tmp_path / "eu", eu(Z), eu(F), ";")
    assert "1.500,25" in z.read_text()
    pd.testing.assert_frame_equal(_decompose(z, f), plain, check_exact=True)


def test_ambiguous_z_is_one_clear_line(tmp_path):
    """SYNTHETIC: ','-separated, every number like '1.500': thousands or decimals? An error
    naming the file and saying what to do."""
    cells = np.vectorize(lambda v: f"{int(v) + 1000:,}".replace(",", "."))(Z)
    z, f = _write(tmp_path, cells, F, ",")
    fails_cleanly(
        "io", "decompose", "--z", str(z), "--final", str(f),
        needles=("Z.csv", "ambiguous", "'2.500'", "Save it again"),
    )  # fmt: skip
