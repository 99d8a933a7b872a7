"""The C5 figure as small multiples (issue 21, item 10): one panel per trend specification on
shared axes, one line each and no legend over the data, instead of 9-10 overlapping lines."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.claims.families import c5, kit
from gvc.claims.registry import CLAIMS


def test_c5_figure_draws_one_panel_per_series(tmp_path, monkeypatch):
    data = kit.FamilyData()
    for sid, (source, *_, stat) in c5.SPECS.items():
        if stat != "trend":
            continue
        years = np.arange(1995, 2012) if source == "wiod" else np.arange(2017, 2023)
        k = len(data.frames)
        share = 80.0 - 0.3 * (years - years[0]) + k  # a distinct line per group
        data.frames[c5.group_key(sid)] = pd.DataFrame({"year": years, "share_pct": share})
    series = c5.trend_series(data)
    specs = list(dict.fromkeys(series["spec"]))
    assert len(specs) >= 9
    drawn = {}
    save = kit.save_figure

    def keep(fig, path, title, source):
        drawn["fig"] = fig
        drawn["axes"] = [ax for ax in fig.axes if ax.get_visible()]
        drawn["ylims"] = {ax.get_ylim() for ax in drawn["axes"]}
        return save(fig, path, title, source)

    monkeypatch.setattr(kit, "save_figure", keep)
    claim = next(c for c in CLAIMS if c.id == "C5")
    paths = c5.figures(claim, data, pd.DataFrame(), tmp_path)
    assert len(paths) == 1 and paths[0].stat().st_size > 5000
    axes = drawn["axes"]
    assert [ax.get_title() for ax in axes] == specs
    assert all(len(ax.get_lines()) == 1 and ax.get_legend() is None for ax in axes)
    assert len(drawn["ylims"]) == 1  # shared axes: every panel on the same scale
    for ax, sid in zip(axes, specs, strict=True):
        want = series.loc[series["spec"] == sid, "share_pct"].to_numpy()
        np.testing.assert_allclose(np.sort(ax.get_lines()[0].get_ydata()), np.sort(want))
    assert any(ax.get_ylabel() for ax in axes) and any(ax.get_xlabel() for ax in axes)
