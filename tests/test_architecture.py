"""The layering of CONTRIBUTING ("Architecture"), checked on the source text: every ``import``
of ``gvc/**/*.py`` is read with ``ast`` (module level, inside functions and under
``TYPE_CHECKING`` alike), nothing is imported.

- ``gvc/io`` is pure input-output math: it imports no layer that reads files or settings.
- No circle between gvc's packages (``gvc/<package>/`` or a top-level module ``gvc/<name>.py``):
  no two of them import each other, directly or through others.
- No circle between modules either (the one-module reading of the same rule):
  ``KNOWN_MODULE_CIRCLES`` is empty and stays so (``gvc/panels``: ``build`` runs the tables
  ``registry`` lists, which are built with ``build_table``'s helpers, one way).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

GVC = Path(__file__).resolve().parents[1] / "gvc"

IO_MAY_NOT_IMPORT = (
    "sources",
    "panels",
    "config",
    "claims",
    "report",
    "demo",
    "batch",
    "pipeline",
    "cli",
    "tables_io",
    "runlock",
)
"""The layers that read or write files or settings (and everything above them)."""

KNOWN_MODULE_CIRCLES: tuple[set[str], ...] = ()
"""Module circles inside one package that are known and not yet untied (none may grow; the
last, ``gvc/panels`` build <-> registry, was untied by ``gvc/panels/build_table.py``)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(GVC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(GVC.rglob("*.py"))}


def _owner(target: str) -> str | None:
    """The gvc module an imported name lives in (``gvc.io.icio.ICIO`` -> ``gvc.io.icio``)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def imports() -> dict[str, dict[str, int]]:
    """Module -> {imported gvc module: first line}; ``from gvc import __version__`` counts as an
    import of ``gvc`` (the lazy facade), ``from gvc import config`` of ``gvc.config``."""
    out: dict[str, dict[str, int]] = {}
    for name, path in MODULES.items():
        found: dict[str, int] = {}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for t in targets:
                owner = _owner(t) if t == "gvc" or t.startswith("gvc.") else None
                if owner and owner != name:
                    found.setdefault(owner, node.lineno)
        out[name] = found
    return out


def unit(module: str) -> str:
    """The package (or top-level module) a module belongs to: ``gvc.io.icio`` -> ``io``,
    ``gvc.config`` -> ``config``, ``gvc`` -> ``gvc`` (the facade)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "gvc"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def _where(graph: dict[str, dict[str, int]], cycle: list[str], by=lambda m: m) -> list[str]:
    """The import lines that make up ``cycle`` (``gvc/x.py:12 -> gvc.y``)."""
    members = set(cycle)
    return [
        f"{MODULES[m].relative_to(GVC.parent)}:{line} -> {t}"
        for m, ts in sorted(graph.items())
        for t, line in sorted(ts.items())
        if by(m) in members and by(t) in members and by(m) != by(t)
    ]


def test_the_graph_is_read():
    """The checks below see real imports (a parser that found nothing would pass them)."""
    g = imports()
    assert "gvc.io.icio" in g["gvc.io"] and "gvc.errors" in g["gvc.io.icio"]
    assert "gvc.io" in g["gvc.panels.gvc_participation"]  # a function-level import
    assert "gvc.config" in g["gvc.panels.store"]  # ``from gvc import config``


def test_io_imports_no_file_reading_layer():
    bad = [
        f"{MODULES[m].relative_to(GVC.parent)}:{line} imports {t}"
        for m, ts in sorted(imports().items())
        if unit(m) == "io"
        for t, line in sorted(ts.items())
        if unit(t) in (*IO_MAY_NOT_IMPORT, "gvc")
    ]
    assert not bad, "gvc/io is pure math (CONTRIBUTING, Architecture):\n" + "\n".join(bad)


def test_no_circle_between_packages():
    graph = imports()
    edges: dict[str, set[str]] = defaultdict(set)
    for m, ts in graph.items():
        for t in ts:
            if unit(m) != unit(t) and unit(t) != "gvc":  # the facade only re-exports lazily
                edges[unit(m)].add(unit(t))
    msgs = [" <-> ".join(c) + ":\n  " + "\n  ".join(_where(graph, c, unit)) for c in _cycles(edges)]
    assert not msgs, "packages that import each other:\n" + "\n".join(msgs)


def test_no_new_circle_between_modules():
    graph = imports()
    edges = {m: {t for t in ts if t != "gvc"} for m, ts in graph.items()}
    msgs = [
        " <-> ".join(c) + ":\n  " + "\n  ".join(_where(graph, c))
        for c in _cycles(edges)
        if not any(set(c) <= known for known in KNOWN_MODULE_CIRCLES)
    ]
    assert not msgs, "modules that import each other:\n" + "\n".join(msgs)


def test_importing_io_loads_no_reading_layer():
    """The same at run time, in a fresh interpreter: ``import gvc.io`` brings in no module of a
    reading layer, and the table readers stay where users find them (``gvc.read_icio``,
    ``gvc.icio``), while ``gvc.io.read_icio`` says where it went."""
    import subprocess
    import sys

    code = (
        "import sys, gvc.io\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[:2][-1] in "
        f"{IO_MAY_NOT_IMPORT!r} and m.startswith('gvc.'))\n"
        "print(bad)\n"
        "import gvc\n"
        "print(gvc.read_icio.__module__, gvc.icio.__module__)\n"
        "try:\n"
        "    gvc.io.read_icio\n"
        "except AttributeError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=GVC.parent,
    ).stdout.splitlines()  # fmt: skip
    assert out[0] == "[]", out[0]
    assert out[1] == "gvc.tables_io gvc.tables_io"
    assert "use gvc.read_icio" in out[2]
