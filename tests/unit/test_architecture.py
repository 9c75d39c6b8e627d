"""The layers hold: imports are read with `ast`, so a wrong arrow fails here, not in review."""

from __future__ import annotations

import ast
import pathlib

import pytest

from tests import source_code

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATABASE_DRIVERS = {"pymongo", "mongomock", "litemongo", "bson"}
STORE = ROOT / "services" / "core" / "store.py"
# bson (pymongo's own package) is the export file format, not a database connection.
BSON_ALLOWED = {STORE, ROOT / "services" / "transfer" / "archive.py"}


def python_files(folder: str) -> list[pathlib.Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imported_modules(path: pathlib.Path) -> set[str]:
    """Top-level names of every module the file imports (absolute imports)."""
    names = set()
    for node in source_code.nodes(path):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def relative(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_folders_exist():
    for folder in ("services", "models", "screens"):
        assert python_files(folder), f"{folder}/ has no Python files"


@pytest.mark.parametrize("folder", ["services", "models"])
def test_services_and_models_never_import_streamlit(folder):
    offenders = [
        relative(p) for p in python_files(folder) if "streamlit" in roots(imported_modules(p))
    ]
    assert not offenders, f"these import streamlit: {offenders}"


def test_only_the_store_imports_a_database_driver():
    offenders = {}
    for folder in ("services", "models", "screens"):
        for path in python_files(folder):
            found = roots(imported_modules(path)) & DATABASE_DRIVERS
            if path == STORE or (path in BSON_ALLOWED and found <= {"bson"}):
                continue
            if found:
                offenders[relative(path)] = sorted(found)
    assert not offenders, f"only services/core/store.py may import a database driver: {offenders}"
    app = imported_modules(ROOT / "app.py")
    assert not roots(app) & DATABASE_DRIVERS
    assert "services.core.store" not in app, "app.py asks services.core.health, not the store"


def test_services_top_level_stays_small():
    """Capabilities live in packages (services/<area>/); only a few modules sit at the top."""
    top = [p.name for p in (ROOT / "services").glob("*.py")]
    assert len(top) <= 8, f"services/ has {len(top)} modules at its top: {sorted(top)}"


def test_every_capability_package_exists():
    for area in ("core", "accounts", "network", "plans", "experiments", "demo", "transfer"):
        assert (ROOT / "services" / area / "__init__.py").is_file(), f"services/{area}/"


def test_collection_names_are_defined_once():
    """A collection name is a constant of services/core/collections.py, spelled nowhere else."""
    from services.core import collections

    offenders = []
    for path in python_files("services"):
        if path.name == "collections.py" or "locales" in path.parts:
            continue
        for node in source_code.nodes(path):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and node.value.value in collections.ALL
            ):
                offenders.append(f"{relative(path)}:{node.lineno}")
    assert not offenders, f"collection names assigned outside collections.py: {offenders}"


def test_models_import_neither_services_nor_pages():
    offenders = {
        relative(p): sorted(roots(imported_modules(p)) & {"services", "screens", "streamlit"})
        for p in python_files("models")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"models/ must stand alone: {offenders}"


def test_services_do_not_import_pages():
    offenders = [
        relative(p) for p in python_files("services") if "screens" in roots(imported_modules(p))
    ]
    assert not offenders, f"services/ must not import screens/: {offenders}"


PAGE_MAX_LINES = 300


def test_pages_are_thin():
    """A page script reads widgets, calls services and renders; its helpers live in
    screens/_<area>/ and its rules in services/. Scripts and helpers alike stay short: a helper
    module that grows past the limit is split by what it does."""
    long = [
        f"{relative(p)} has {n} lines"
        for p in python_files("screens")
        if (n := len(source_code.text(p).splitlines())) > PAGE_MAX_LINES
    ]
    assert not long, f"files under screens/ over {PAGE_MAX_LINES} lines: " + "; ".join(long)


# --- capability packages: a ladder, not a web -------------------------------------------------

# The capability packages under services/, lowest first: a package may import those before it,
# never one after it (services.core sits under them all). Written down in the README's
# architecture section; a new package takes its rung here.
LADDER = (
    "network",
    "plans",
    "experiments",
    "reporting",
    "dashboard",
    "transfer",
    "workshops",
    "accounts",
    "demo",
)


def capability_packages() -> list[str]:
    return sorted(
        p.name
        for p in (ROOT / "services").iterdir()
        if (p / "__init__.py").is_file() and p.name != "core"
    )


def package_imports() -> dict[str, dict[str, list[str]]]:
    """For each capability package, the other capability packages it imports (anywhere in a
    module: at its top, inside a function, under TYPE_CHECKING), each with the files that do."""
    packages = set(capability_packages())
    found: dict[str, dict[str, list[str]]] = {p: {} for p in packages}
    for package in packages:
        for path in sorted((ROOT / "services" / package).rglob("*.py")):
            for name in imported_modules(path):
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == "services" and parts[1] in packages - {package}:
                    files = found[package].setdefault(parts[1], [])
                    if relative(path) not in files:
                        files.append(relative(path))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of packages that import each other, directly or through others (Tarjan's
    strongly connected components of more than one package)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_cycle_between_capability_packages():
    imports = package_imports()
    found = cycles({p: set(deps) for p, deps in imports.items()})
    detail = [
        f"{a} -> {b} ({', '.join(imports[a][b])})"
        for group in found
        for a in group
        for b in sorted(imports[a])
        if b in group
    ]
    assert not found, (
        f"{len(found)} group(s) of capability packages import each other: "
        + "; ".join(" <-> ".join(g) for g in found)
        + ". Imports inside the groups: "
        + "; ".join(detail)
    )


def test_capability_packages_import_only_lower_rungs():
    assert sorted(LADDER) == capability_packages(), "give every capability package its rung"
    rung = {p: i for i, p in enumerate(LADDER)}
    upward = [
        f"{package} imports {other} ({', '.join(files)})"
        for package, deps in package_imports().items()
        for other, files in deps.items()
        if rung[other] > rung[package]
    ]
    assert not upward, "imports up the ladder (take it as an argument instead): " + "; ".join(
        upward
    )


def test_no_page_imports_the_store_or_records():
    """Pages call use cases; only services read and write documents."""
    forbidden = {"services.core.store", "services.core.records"}
    offenders = {}
    for path in [*python_files("screens"), ROOT / "app.py"]:
        found = imported_modules(path) & forbidden
        if found:
            offenders[relative(path)] = sorted(found)
    assert not offenders, f"pages importing the store or records: {offenders}"
