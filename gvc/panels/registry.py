"""Every table ``gvc build`` knows, in build order, as ``name -> builder(mirror, force)``."""

from __future__ import annotations

from functools import partial

from gvc.panels.build_table import build_one, run_spec
from gvc.panels.tables import TABLES
from gvc.sources.acquire import locate
from gvc.sources.registry import SOURCES


def _icio_wiod2013(mirror=None, force=False):
    from gvc.panels.icio_cache import build_wiod

    files = [f for f in SOURCES["wiod2013"].files if f.name.startswith("wiot_")]
    paths = {f.name: locate(f, mirror).path for f in files}
    return build_one("icio_wiod2013", paths, build_wiod, key=["row"], force=force)[0]


ALL_TABLES = {name: partial(run_spec, spec) for name, spec in TABLES.items()}
ALL_TABLES["icio_wiod2013"] = _icio_wiod2013


def _gvc_participation(mirror=None, force=False):
    """WIOD 2013 from the registry, plus the user's ADB MRIO files in ``data/raw/adb-mrio/``
    (inputs named ``adb-mrio/<file>``: the table rebuilds when they change)."""
    from gvc.panels.adb_mrio_years import user_inputs
    from gvc.panels.gvc_participation import build_participation

    files = [f for f in SOURCES["wiod2013"].files if f.name.startswith("wiot_")]
    paths = {f.name: locate(f, mirror).path for f in files}
    paths.update(user_inputs())
    return build_one(
        "gvc_participation",
        paths,
        build_participation,
        subpackages=("sources", "panels", "io"),
        force=force,
    )[0]


ALL_TABLES["gvc_participation"] = _gvc_participation


def raw_inputs(name: str) -> list:
    """The registry files table ``name`` reads (licensed user files excluded)."""
    if name in TABLES:
        return list(TABLES[name].inputs())
    return [f for f in SOURCES["wiod2013"].files if f.name.startswith("wiot_")]
