"""Report figures: seaborn styling, a title, units, a source line and an optional watermark.

Use :func:`new_figure` (or :func:`style`) to draw, then :func:`save_figure`::

    fig, ax = new_figure()
    ax.plot(years, gap)
    png = save_figure(fig, scratch / "c2_gap.png", title="US-China MMLU gap",
                      source_note="Epoch AI benchmarking hub", units="percentage points")

then pass ``png`` in a :class:`~gvc.report.ClaimSection`; :func:`~gvc.report.write_report`
copies it into ``figures/``. Save to a scratch folder, not into the report folder, so that a
failed run leaves the previous report untouched.

PNG output is deterministic: no software/time metadata, fixed dpi, Agg renderer; saving the
same figure twice gives the same bytes (:func:`save_figure` replaces, not stacks, what it adds).
The backend is left alone (PNG bytes come from the Agg renderer whatever the backend, so
notebooks keep their inline display). The title, source, units and watermark are also stored
as PNG text chunks (``Title``, ``Source``, ``Description``, ``Warning``); :func:`stamp_png`
adds a watermark to a PNG written elsewhere.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.figure import Figure

from gvc.report._atomic import atomic_write

DPI = 150
"""Resolution of report figures."""

WATERMARK_COLOUR = "#d73027"
_GID = "gvc-report"
_BASE_METADATA = {"Software": None}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """The report's seaborn style (``whitegrid``, ``notebook`` context, colour-blind palette)."""
    with (
        sns.axes_style("whitegrid"),
        sns.plotting_context("notebook", font_scale=0.9),
        sns.color_palette("colorblind"),
    ):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize=(8.0, 4.5), **kw):
    """``plt.subplots`` under :func:`style`; returns ``(fig, axes)``."""
    with style():
        return plt.subplots(nrows, ncols, figsize=figsize, **kw)


def _watermark_size(width_in: float, text: str) -> float:
    """A font size (pt) at which ``text`` spans about 80% of ``width_in`` inches, in [8, 40]."""
    return max(8.0, min(40.0, 0.8 * width_in * 72 / (0.6 * max(len(text), 1))))


def _remove_previous(fig: Figure) -> None:
    for artist in list(fig.findobj(lambda a: a.get_gid() == _GID)):
        if artist is not fig:
            artist.remove()


def save_figure(
    fig: Figure,
    path: str | os.PathLike,
    *,
    title: str,
    source_note: str,
    units: str | None = None,
    watermark: str | None = None,
    dpi: int = DPI,
    close: bool = False,
) -> Path:
    """Title, units, source line and watermark on ``fig``, saved as a deterministic PNG.

    Args:
        fig: the figure (drawn, e.g., under :func:`style`).
        path: the ``.png`` to write (parents are created); written atomically.
        title: bold title at the top.
        source_note: source line at the bottom left (prefixed "Source: " unless it starts so).
        units: shown under the title ("Units: ...").
        watermark: text across every axes (diagonal, red, translucent), e.g. "SYNTHETIC DEMO
            DATA - not evidence"; also written to the PNG ``Warning`` text chunk.
        dpi: resolution.
        close: close the figure after saving.

    Returns:
        The written path.
    """
    path = Path(path)
    _remove_previous(fig)
    fig.suptitle(title, fontweight="bold", fontsize=12, y=0.985, gid=_GID)
    h = fig.get_figheight()
    top = 1.0
    if units:
        fig.text(
            0.5, 0.985 - 0.24 / h, f"Units: {units}", ha="center", va="top", fontsize=9, gid=_GID
        )
        top = 1.0 - 0.22 / h
    src = source_note if source_note.lower().startswith("source") else f"Source: {source_note}"
    fig.text(0.01, 0.01, src, ha="left", va="bottom", fontsize=8, color="#444444", gid=_GID)
    if fig.get_layout_engine() is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with contextlib.suppress(ValueError, RuntimeError):
                fig.tight_layout(rect=(0, 0.2 / h, 1, top))
    if watermark:
        axes = fig.get_axes() or [None]
        for ax in axes:
            if ax is None:
                w, kw = fig.get_figwidth(), {"transform": fig.transFigure}
                target = fig
            else:
                w = ax.get_position().width * fig.get_figwidth()
                kw, target = {"transform": ax.transAxes}, ax
            target.text(
                0.5,
                0.5,
                watermark,
                ha="center",
                va="center",
                rotation=25,
                fontsize=_watermark_size(w, watermark),
                fontweight="bold",
                color=WATERMARK_COLOUR,
                alpha=0.3,
                zorder=1000,
                clip_on=False,
                gid=_GID,
                **kw,
            )
    meta = {**_BASE_METADATA, "Title": title, "Source": src}
    if units:
        meta["Description"] = f"Units: {units}"
    if watermark:
        meta["Warning"] = watermark
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata=meta, facecolor="white")
    atomic_write(path, buf.getvalue())
    if close:
        plt.close(fig)
    return path


def png_text(data: bytes) -> dict[str, str]:
    """The PNG text chunks of ``data`` (e.g. ``{"Title": ..., "Warning": ...}``)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return {str(k): str(v) for k, v in getattr(im, "text", {}).items()}


def stamp_png(data: bytes, watermark: str) -> bytes:
    """``data`` (a PNG) with ``watermark`` drawn across it and in its ``Warning`` text chunk.

    A PNG whose ``Warning`` chunk already holds ``watermark`` (e.g. from :func:`save_figure`) is
    returned unchanged. The output has the input's pixel size and is deterministic.
    """
    info = png_text(data)
    if info.get("Warning") == watermark:
        return data
    img = plt.imread(io.BytesIO(data), format="png")
    h, w = img.shape[:2]
    fig = Figure(figsize=(w / DPI, h / DPI), dpi=DPI)
    fig.figimage(img, 0, 0, origin="upper")
    fig.text(
        0.5,
        0.5,
        watermark,
        ha="center",
        va="center",
        rotation=25,
        fontsize=_watermark_size(w / DPI, watermark),
        fontweight="bold",
        color=WATERMARK_COLOUR,
        alpha=0.3,
    )
    meta = {**_BASE_METADATA, **{k: v for k, v in info.items() if k != "Software"}}
    meta["Warning"] = watermark
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata=meta)
    return buf.getvalue()
