"""`--out` never deletes what gvc did not write (issue 24, item 1) and leaves nothing behind
(item 8: no lock file, no empty report folder after a failed run).

`gvc reproduce --out paper` used to delete the user's `paper/figures/mine.png` and
`paper/tables/mytable.tex`, replacing those folders wholesale, and exited 0. The writer now
stages the report in a fresh folder and moves in only its own files; what it owns is what the
previous report's `manifest.json` lists."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from .conftest import cli, leftovers, run_gvc


def _user_files(out: Path) -> dict[str, bytes]:
    files = {
        "figures/mine.png": b"\x89PNG\r\n\x1a\n the user's own figure",
        "tables/mytable.tex": b"\\begin{tabular}{l} mine \\end{tabular}\n",
        "notes.txt": b"my notes\n",
        "claims.md": b"# my own claims.md, where gvc writes its own\n",
    }
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return files


def test_reproduce_out_keeps_the_users_files(tmp_path):
    """The issue's case, end to end: the user's files survive, the one where gvc writes its
    own `claims.md` is kept as `claims.md.orig` with one warning line; no lock file, work
    folder or temporary file is left beside or inside `--out`."""
    paper = tmp_path / "paper"
    mine = _user_files(paper)
    r = run_gvc(
        "reproduce", "--demo", "--out", str(paper), env={"GVC_DATA_DIR": str(tmp_path / "d")},
        timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    for rel, data in mine.items():
        if rel != "claims.md":
            assert (paper / rel).read_bytes() == data, rel
    assert (paper / "claims.md.orig").read_bytes() == mine["claims.md"]
    assert (paper / "claims.md").read_text(encoding="utf-8").startswith("# gvc demo")
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "claims.md -> claims.md.orig" in warnings[0], r.stderr
    man = json.loads((paper / "manifest.json").read_text())
    assert (
        "figures/mine.png" not in man["files"] and "figures/demo_coefficients.png" in man["files"]
    )
    assert [p.name for p in tmp_path.iterdir()] == ["paper"]  # no .paper.lock
    assert not leftovers(tmp_path) and not list(paper.glob(".*")), list(paper.glob(".*"))


def _report(tmp_path: Path, figures: list[str]) -> dict:
    """Small ``write_report`` arguments: one registered claim, ``figures`` (PNG stems), a table."""
    from gvc.claims.ledger import ledger_row
    from gvc.claims.registry import CLAIMS
    from gvc.report import ClaimSection, new_figure, save_figure

    claim = next(c for c in CLAIMS if c.testable)
    pngs = []
    for stem in figures:
        fig, ax = new_figure()
        ax.plot([1, 2], [1, 2])
        ax.set_xlabel("x (units)")
        ax.set_ylabel("y (units)")
        pngs.append(
            save_figure(fig, tmp_path / "src" / f"{stem}.png", title=stem, source_note="test",
                        close=True)
        )  # fmt: skip
    section = ClaimSection(claim.id, "t", claim.text, claim.source, claim.cited, "d", "s", "r",
                           figures=pngs, tables={"tab": pd.DataFrame({"a": [1, 2]})})  # fmt: skip
    return {
        "ledger": pd.DataFrame([ledger_row(claim, claim.specifications[0].id, None)]),
        "sections": [section],
        "data_availability_md": "public",
        "manifest": {"raw_files": {}, "seeds": {}},
    }


def test_only_gvc_files_are_removed_and_only_while_unchanged(tmp_path):
    """A figure the new report drops is removed when gvc wrote it and nobody changed it; one
    the user edited since stays (with a warning), as do the user's own files and anything a
    tampered manifest names outside the folder."""
    from gvc.report import write_report

    out = tmp_path / "paper"
    write_report(out, **_report(tmp_path, ["fig_a", "fig_b", "fig_c"]))
    mine = _user_files(out)
    (out / "claims.md").unlink()  # here only files beside gvc's
    del mine["claims.md"]
    outside = tmp_path / "outside.txt"
    outside.write_text("not in the report folder")
    man = json.loads((out / "manifest.json").read_text())
    man["files"]["../outside.txt"] = hashlib.sha256(outside.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(man))
    (out / "figures" / "fig_c.png").write_bytes(b"edited by the user")
    with pytest.warns(UserWarning, match=r"changed since gvc wrote them: figures/fig_c\.png"):
        write_report(out, **_report(tmp_path, ["fig_a"]))
    assert (out / "figures" / "fig_a.png").exists()
    assert not (out / "figures" / "fig_b.png").exists()  # gvc's, unchanged, no longer in it
    assert (out / "figures" / "fig_c.png").read_bytes() == b"edited by the user"
    assert outside.exists()
    for rel, data in mine.items():
        assert (out / rel).read_bytes() == data, rel
    assert not list(out.rglob("*.orig")) and not list(out.rglob(".*"))


def test_a_folder_gvc_never_wrote_keeps_every_file(tmp_path):
    """No gvc manifest (or someone else's manifest.json): every existing file is the user's;
    where gvc writes one of its own, the user's is kept as .orig (.orig.1 when taken)."""
    from gvc.report import write_report

    out = tmp_path / "paper"
    out.mkdir()
    (out / "manifest.json").write_text('{"files": {"notes.txt": "0"}}')  # not gvc's
    (out / "index.html").write_text("my page")
    (out / "index.html.orig").write_text("an older page of mine")
    (out / "notes.txt").write_text("mine")
    with pytest.warns(UserWarning, match=r"index\.html -> index\.html\.orig\.1"):
        write_report(out, **_report(tmp_path, ["fig_a"]))
    assert (out / "index.html.orig.1").read_text() == "my page"
    assert (out / "index.html.orig").read_text() == "an older page of mine"
    assert json.loads((out / "manifest.json.orig").read_text()) == {"files": {"notes.txt": "0"}}
    assert (out / "notes.txt").read_text() == "mine"


def test_failed_move_puts_the_users_file_back(tmp_path, monkeypatch):
    from gvc.report import write_report, writer

    out = tmp_path / "paper"
    out.mkdir()
    (out / "claims.csv").write_text("mine")

    def boom(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(writer, "_replace", boom)
    with pytest.raises(OSError), pytest.warns(UserWarning):
        write_report(out, **_report(tmp_path, ["fig_a"]))
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["claims.csv"]
    assert (out / "claims.csv").read_text() == "mine"
    assert not list(out.glob(".*"))


def test_failed_reproduce_leaves_no_empty_folder_and_no_lock(tmp_path, monkeypatch):
    """A run that fails inside the lock: one error line, and neither the report folder nor the
    folders created for it, nor the lock file, remain."""
    from gvc.errors import GvcError

    def fails(*a, **k):
        raise GvcError("demo failed (simulated)")

    monkeypatch.setattr("gvc.demo.pipeline.run_demo", fails)
    monkeypatch.setenv("GVC_DATA_DIR", str(tmp_path / "d"))
    res = cli("reproduce", "--demo", "--out", str(tmp_path / "new" / "deeper" / "rep"))
    assert res.exit_code == 2 and res.stderr.strip() == "error: demo failed (simulated)"
    assert list(tmp_path.iterdir()) == []


def _count(path: str, lock: str, n: int) -> None:
    from gvc.runlock import FileLock

    for _ in range(n):
        with FileLock(lock):
            p = Path(path)
            p.write_text(str(int(p.read_text()) + 1))


def test_lock_file_removed_yet_exclusive(tmp_path):
    """Removing the lock file when a run ends must not let two runs in at once: four
    processes incrementing one counter under the lock lose no update."""
    counter, lock = tmp_path / "n", tmp_path / ".x.lock"
    counter.write_text("0")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_count, args=(str(counter), str(lock), 100)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert counter.read_text() == "400"
    assert not lock.exists()
