"""Internal errors and small things (issue 24, items 5 and 8): each trigger the fault injection
found ends in one clear line naming the file, argument or claim, or in the right result."""

from __future__ import annotations

import gzip
import textwrap

import numpy as np
import pandas as pd
import pytest

from .conftest import cli, fails_cleanly, leftovers
from .http_fixture import INV, Server, serve_owid

OWID_ROBOTS = "industrial-robots-annual-installations-total-operational.csv"

# settings (item 8)


def test_data_dir_with_pasted_spaces_is_the_directory(built, tmp_path, monkeypatch):
    """GVC_DATA_DIR=" /data/gvc" built under `./ /data/gvc` in the working directory."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("GVC_DATA_DIR", f"  {built}\t")
    res = cli("build", "wdi")
    assert res.exit_code == 0 and res.stdout.split() == ["current", "wdi"], res.output
    assert list(work.iterdir()) == []


def test_relative_data_dir_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GVC_DATA_DIR", "data/gvc")
    fails_cleanly("build", "wdi", needles=("GVC_DATA_DIR='data/gvc'", "relative", "absolute"))
    assert list(tmp_path.iterdir()) == []


def _claims_file(folder, function: str):
    """A claims file with claim 'c', spec 's' tested by ``function``."""
    p = folder / "claims.toml"
    p.write_text(
        textwrap.dedent(f"""\
            [[claim]]
            id = "c"
            text = "A claim."
            source = "somewhere"
            reference = {{ kind = "point", value = 1.0, unit = "pct" }}

            [[claim.spec]]
            id = "s"
            function = "{function}"
            """)
    )
    return p


def test_bom_in_a_claims_file_is_accepted(tmp_path):
    from gvc.claims.claim_schema import ClaimsFileError
    from gvc.claims.claims_file import read_claims_file

    (tmp_path / "bom_claims_tests.py").write_text("def f(load):\n    return None\n")
    p = _claims_file(tmp_path, "bom_claims_tests:f")
    text = p.read_bytes()
    p.write_bytes(b"\xef\xbb\xbf" + text)  # as Windows Notepad saves UTF-8
    claims = read_claims_file(p)
    assert [c.id for c in claims] == ["c"] and claims[0].specs[0].id == "s"
    p.write_bytes(b"\xef\xbb\xbf" + text.replace(b"A claim.", b"A claim \xe9."))
    with pytest.raises(ClaimsFileError, match=r"claims\.toml: not UTF-8 text \(byte \d+"):
        read_claims_file(p)


# downloads (items 8 and the unclear errors)


def test_gzip_transfer_encoding_is_decoded_and_checked(offline_data, monkeypatch, mirror):
    """A server that gzips its answer (even to `Accept-Encoding: identity`): the file's own
    bytes are kept, and Content-Length (the encoded size) is not taken for a cut-off."""
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, gzip=True)
        res = cli("data", "fetch", "owid")
    assert res.exit_code == 0, res.output
    got = (offline_data / "raw" / "owid" / INV).read_bytes()
    assert got == (mirror / "owid" / INV).read_bytes()
    assert not leftovers(offline_data)


def test_gzip_body_cut_off_is_rejected(offline_data, monkeypatch, mirror):
    from gvc.sources import acquire

    body = (mirror / "owid" / INV).read_bytes()
    cut = len(gzip.compress(body, mtime=0)) // 2
    with Server() as s:
        routes = serve_owid(s, monkeypatch, mirror, gzip=True, cut_at=cut)
        fails_cleanly("data", "fetch", "owid", needles=(f"owid/{INV}", "attempts"))
    assert routes[INV].hits == acquire.RETRIES
    assert not (offline_data / "raw" / "owid" / INV).exists()
    assert not leftovers(offline_data)


def test_latin1_body_names_the_file_and_line(offline_data, monkeypatch, mirror):
    """Cp1252/Latin-1 bytes past the first lines of a download: rejected, naming the file and
    the line (it used to be 'a file is not UTF-8 text' without a name)."""
    lines = (mirror / "owid" / INV).read_bytes().splitlines(keepends=True)
    lines[40] = lines[40].replace(b",", b" C\xf4te,", 1)
    with Server() as s:
        serve_owid(s, monkeypatch, mirror, body=b"".join(lines))
        fails_cleanly(
            "data", "fetch", "owid", needles=(f"owid/{INV}", "not UTF-8", "line 41", "xf4")
        )
    assert not (offline_data / "raw" / "owid" / INV).exists()


def test_full_disk_names_the_file(built, monkeypatch):
    """ENOSPC inside arrow's writer carries no file name: the message names the table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def full(*a, **k):
        raise pa.lib.ArrowIOError("[Errno 28] No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    fails_cleanly(
        "build", "--force", "wdi", data_dir=built,
        needles=(str(built / "processed" / "wdi.parquet"), "no space left"),
    )  # fmt: skip


# raw files whose reader failed inside pandas (item 5)


def test_owid_duplicated_row_is_named(built, raw_copy):
    p = raw_copy("owid", OWID_ROBOTS)
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(k for k, ln in enumerate(lines) if ln.startswith("Germany,DEU,2015,"))
    lines.insert(i + 1, lines[i])
    p.write_text("".join(lines), encoding="utf-8")
    fails_cleanly(
        "build", "robots", data_dir=built,
        needles=(OWID_ROBOTS, "Germany (DEU) 2015", f"rows {i + 1}, {i + 2}"),
    )  # fmt: skip


def test_empty_oghist_sheet_is_named(tmp_path):
    from gvc.errors import DataError
    from gvc.sources.wb_class import SHEET, read_history

    p = tmp_path / "OGHIST.xlsx"
    with pd.ExcelWriter(p, engine="openpyxl") as xw:
        pd.DataFrame().to_excel(xw, sheet_name=SHEET, index=False)
    with pytest.raises(DataError, match=rf"OGHIST\.xlsx: sheet '{SHEET}' is empty"):
        read_history(p)


# outputs and library calls (items 5 and 8)


def test_xlsx_too_long_for_excel_is_refused_before_writing(tmp_path):
    from gvc.errors import GvcError
    from gvc.panels.export import write_frame

    df = pd.DataFrame({"exporter": ["AUS"] * 1_048_576, "value": np.zeros(1_048_576)})
    out = tmp_path / "res.xlsx"
    with pytest.raises(GvcError, match=r"res\.xlsx: 1,048,576 rows x 2 columns do not fit"):
        write_frame(df, out)
    assert list(tmp_path.iterdir()) == []
    write_frame(df.iloc[:-1].head(3), out)  # small enough: written
    assert out.exists()


@pytest.mark.parametrize(
    "filters, needle",
    [
        ({"year": 2000.5}, "year holds whole numbers (e.g. 2000), not 2000.5 (float)"),
        ({"year": "2000"}, "year holds whole numbers (e.g. 2000), not '2000' (str)"),
        ({"iso3": 276}, "iso3 holds text (e.g. 'DEU'), not 276 (int)"),
        ({"year": [2000, None]}, "holds a missing value"),
    ],
)
def test_load_filters_checked_for_type(use_data, filters, needle):
    """`gvc.load("wdi", year=2000.5)` returned 0 rows without a word; a wrong type gave an Arrow
    kernel message."""
    import gvc
    from gvc.errors import DataError

    with pytest.raises(DataError) as e:
        gvc.load("wdi", **filters)
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_load_whole_float_year_and_bad_name(use_data):
    import gvc
    from gvc.errors import DataError

    assert gvc.load("wdi", year=2000.0, iso3="DEU").equals(gvc.load("wdi", year=2000, iso3="DEU"))
    with pytest.raises(DataError, match="table name must be text such as 'robots', not None"):
        gvc.load(None)


@pytest.mark.parametrize(
    "formula, needle",
    [
        ("y ~ x +", "formula 'y ~ x +': Operator `+` has insuffient arguments"),
        ("y ~ x |", "the fixed-effects part after '|' is empty"),
        ("y ~ x | g +", "'g +' has an empty term"),
        ("y ~ x | 0 | x ~ g", "Endogeneous variables specified as covariates"),
    ],
)
def test_formula_errors_are_plain_one_line(formula, needle):
    import gvc
    from gvc.estimators.errors import SpecificationError

    df = pd.DataFrame({"y": np.arange(10.0), "x": np.arange(10.0) ** 2, "g": list("ab") * 5})
    with pytest.raises(SpecificationError) as e:
        gvc.feols(formula, df)
    msg = str(e.value)
    assert needle in msg and "\x1b" not in msg and "\u29db" not in msg and "\n" not in msg


# users' claim functions (item 5)


@pytest.mark.parametrize(
    "args, needle",
    [
        ("55, ci_low=10, ci_high=20", "the estimate 55 lies outside its CI [10, 20]"),
        ("float('inf'), 1, 2", "Estimate.estimate is inf"),
        ("1.5, float('-inf'), 2", "Estimate.ci_low is -inf"),
    ],
)
def test_bad_estimate_is_an_error_of_its_claim_and_spec(tmp_path, args, needle):
    import gvc
    from gvc.claims.claim_schema import ClaimsFileError
    from gvc.claims.user import Claim, Spec
    from gvc.claims.user_run import run_user_claim

    def spec_fn(load):
        return eval(f"gvc.Estimate({args})", {"gvc": gvc})

    claim = Claim("half", "More than half.", source="s", kind="greater_than", value=50,
                  unit="pct", specs=(Spec("ok", lambda load: gvc.Estimate(54.0, 51, 57)),
                                     Spec("bad", spec_fn)))  # fmt: skip
    with pytest.raises(ClaimsFileError) as e:
        run_user_claim(claim, lambda name, **f: None, tmp_path, "my_claims.toml")
    msg = str(e.value)
    assert msg.startswith("my_claims.toml: claim 'half' spec 'bad': ") and needle in msg, msg


def test_wrong_filter_type_in_a_claim_function_stops_the_run(use_data, tmp_path):
    """Not a `data unavailable` row: the user's call is wrong, and the run says where."""
    import gvc
    from gvc.claims.claim_schema import ClaimsFileError
    from gvc.claims.user import Claim, Spec
    from gvc.claims.user_run import run_user_claim
    from gvc.panels.load import load

    def spec_fn(load):
        return gvc.Estimate(float(load("wdi", iso3="DEU", year=2000.5)["value"].mean()))

    claim = Claim("c", "A claim.", source="s", kind="point", value=1, unit="pct",
                  specs=(Spec("s", spec_fn),))  # fmt: skip
    with pytest.raises(ClaimsFileError, match=r"claim 'c' spec 's'.*year holds whole numbers"):
        run_user_claim(claim, load, tmp_path, "my_claims.toml")


def test_sys_exit_in_a_claim_function_fails_the_run(use_data, tmp_path, monkeypatch):
    """`sys.exit(0)` in a user's function ended `gvc reproduce --claims` with exit 0 and no
    report; now it is an error of that claim and spec, and no report folder or lock is left."""
    (tmp_path / "quitting_tests.py").write_text("import sys\n\ndef f(load):\n    sys.exit(0)\n")
    claims = _claims_file(tmp_path, "quitting_tests:f")
    out = tmp_path / "new" / "rep"
    res = cli("reproduce", "--claims", str(claims), "--out", str(out))
    assert res.exit_code == 2, (res.output, res.exception)
    assert res.stderr.count("\n") == 1
    assert "claim 'c' spec 's': f called sys.exit(0)" in res.stderr, res.stderr
    assert not (tmp_path / "new").exists()
