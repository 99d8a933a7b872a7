"""Write gvc/sources/data/vintage_stats.json: the statistics of the registry's version of every
raw file the vintage checks cover (gvc.sources.vintage), computed from the mirror's copies.

Run after a registry checksum changes (the new version becomes the reference):

    GVC_MIRROR=/path/to/mirror python tools/vintage_stats.py

Every file must match its registry checksum; none is copied, only its statistics are kept.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gvc import config
from gvc.sources.acquire import sha256_of
from gvc.sources.registry import SOURCES
from gvc.sources.vintage import file_stats
from gvc.sources.vintage_profiles import profile

OUT = Path(__file__).resolve().parents[1] / "gvc" / "sources" / "data" / "vintage_stats.json"


def main() -> int:
    mirror = config.mirror_dir()
    if mirror is None:
        print("set GVC_MIRROR to the mirror holding the registry's files", file=sys.stderr)
        return 2
    out = {}
    for src in SOURCES.values():
        for f in src.files:
            if f.sha256 is None or profile(f.key) is None:
                continue
            path = mirror / f.source / f.name
            if not path.is_file() or sha256_of(path) != f.sha256:
                print(f"{path}: missing or not the registry's version", file=sys.stderr)
                return 2
            got = file_stats(f.key, path)
            if got is None:
                print(f"{path}: cannot be read as {f.key}", file=sys.stderr)
                return 2
            out[f.key] = {**got[1], "sha256": f.sha256}
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(out)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
