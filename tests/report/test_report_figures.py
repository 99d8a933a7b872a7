"""save_figure: title/source/units/watermark, deterministic PNG bytes; stamp_png."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from gvc.report.figures import DPI, new_figure, png_text, save_figure, stamp_png

from .conftest import WATERMARK


def _draw():
    fig, ax = new_figure(figsize=(6, 4))
    ax.plot([2015, 2019, 2023], [18.7, 15.0, 12.3], marker="o")
    ax.set_ylabel("share (pct)")
    return fig


def test_same_figure_saved_twice_gives_identical_bytes(tmp_path):
    fig = _draw()
    kw = {"title": "AI patents, developing share", "source_note": "PATSTAT", "units": "pct"}
    a = save_figure(fig, tmp_path / "a.png", **kw).read_bytes()
    b = save_figure(fig, tmp_path / "b.png", **kw).read_bytes()
    assert a == b  # idempotent: the second call replaces, not stacks, the title and notes
    c = save_figure(_draw(), tmp_path / "c.png", **kw).read_bytes()
    assert c == a  # a freshly drawn identical figure too
    plt.close("all")
    assert a.startswith(b"\x89PNG\r\n\x1a\n")
    meta = png_text(a)
    assert meta["Title"] == kw["title"]
    assert meta["Source"] == "Source: PATSTAT"
    assert meta["Description"] == "Units: pct"
    assert "Software" not in meta and "Warning" not in meta
    with Image.open(io.BytesIO(a)) as im:
        assert im.size == (6 * DPI, 4 * DPI)
    texts = [t.get_text() for t in fig.texts]
    assert texts.count("Source: PATSTAT") == 1 and texts.count("Units: pct") == 1
    assert fig.get_suptitle() == kw["title"]


def test_watermark_drawn_across_axes(tmp_path):
    kw = {"title": "t", "source_note": "Source: demo world"}
    plain = save_figure(_draw(), tmp_path / "p.png", **kw).read_bytes()
    fig = _draw()
    marked = save_figure(fig, tmp_path / "m.png", watermark=WATERMARK, **kw).read_bytes()
    assert png_text(marked)["Warning"] == WATERMARK
    assert [t.get_text() for t in fig.axes[0].texts] == [WATERMARK]
    diff = np.abs(_pixels(plain) - _pixels(marked)).sum(axis=2)
    assert (diff > 30).sum() > 500  # visibly different pixels
    # saving without the watermark again removes it
    save_figure(fig, tmp_path / "p2.png", **kw)
    assert len(fig.axes[0].texts) == 0
    assert (tmp_path / "p2.png").read_bytes() == plain
    plt.close("all")


def test_stamp_png_keeps_size_and_is_idempotent(tmp_path):
    plain = save_figure(_draw(), tmp_path / "p.png", title="t", source_note="s", close=True)
    data = plain.read_bytes()
    stamped = stamp_png(data, WATERMARK)
    assert stamped == stamp_png(data, WATERMARK)
    assert stamp_png(stamped, WATERMARK) == stamped
    assert png_text(stamped)["Warning"] == WATERMARK and png_text(stamped)["Title"] == "t"
    assert _pixels(stamped).shape == _pixels(data).shape


def _pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGB"), dtype=int)
