"""The layers, walked from the code's own imports (every `import`, lazy ones included).

Dependencies point inward: a package imports only packages of lower layers (or itself), so
no two packages import each other. The inner layers import no platform SDK, no storage
engine and no scheduler, and never ask the system for the time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

LAYERS: dict[str, int] = {
    "domain": 0,
    "errors": 0,
    "ports": 1,
    "config": 2,
    "schedule": 3,
    "screening": 3,
    "privacy": 4,
    "core": 5,
    "journey": 5,
    "delivery": 6,
    "channels": 7,
    "storage": 7,
    "documents": 7,
    "app": 8,
    "runtime": 9,
    "cli": 10,
    "__main__": 11,
}
"""Lower number, inner layer. Packages of one layer never import each other. Privacy sits
above the pure schedule: a readable export writes dates the way the reading calendar does."""

INNER = ("domain", "errors", "ports", "config", "schedule", "privacy", "screening", "core", "journey")
OUTSIDE_WORLD = ("telegram", "heyoo", "tinydb", "apscheduler", "starlette", "uvicorn", "httpx", "requests")


def package_of(path: Path) -> str:
    relative = path.relative_to(BOT)
    return relative.parts[0].removesuffix(".py")


def sources() -> Iterator[Path]:
    yield from sorted(p for p in BOT.rglob("*.py") if p.name != "__init__.py" or p.parent != BOT)


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted module) for every import statement in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_every_package_has_a_layer() -> None:
    assert {package_of(p) for p in sources()} <= set(LAYERS), "add the new package to LAYERS"


def test_dependencies_point_inward() -> None:
    wrong = []
    for path in sources():
        source = package_of(path)
        for line, module in imports(path):
            parts = module.split(".")
            if parts[0] != "bot" or len(parts) < 2:
                continue
            target = parts[1]
            if target != source and LAYERS[target] >= LAYERS[source]:
                wrong.append(f"{path.relative_to(BOT.parent)}:{line} {source} imports {module}")
    assert wrong == []


def test_no_two_packages_import_each_other() -> None:
    edges = {
        (package_of(path), module.split(".")[1])
        for path in sources()
        for _, module in imports(path)
        if module.startswith("bot.") and module.split(".")[1] != package_of(path)
    }
    assert sorted((a, b) for a, b in edges if (b, a) in edges) == []


@pytest.mark.parametrize("package", INNER)
def test_the_inner_layers_touch_no_platform_storage_engine_or_scheduler(package: str) -> None:
    found = [
        f"{path.relative_to(BOT.parent)}:{line} {module}"
        for path in sources()
        if package_of(path) == package
        for line, module in imports(path)
        if module.split(".")[0] in OUTSIDE_WORLD
    ]
    assert found == []


CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}


def asks_the_time(path: Path) -> list[int]:
    """Lines calling datetime.now(), date.today(), time.time()…: only a Clock may say "now"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr) in CLOCK_CALLS
    ]


@pytest.mark.parametrize("package", INNER)
def test_the_inner_layers_never_ask_the_system_for_the_time(package: str) -> None:
    asked = [
        f"{path.relative_to(BOT.parent)}:{line}"
        for path in sources()
        if package_of(path) == package
        for line in asks_the_time(path)
    ]
    assert asked == []


def test_the_walk_sees_what_it_claims_to() -> None:
    """The walk itself can fail: it finds the core's import of the domain and a lazy import."""
    router = BOT / "core" / "router.py"
    assert any(module == "bot.domain" for _, module in imports(router))
    app = BOT / "app.py"
    assert any(module == "bot.core.flow.runner" for _, module in imports(app)), "lazy imports count"
    assert asks_the_time(BOT / "runtime" / "clock.py"), "the system clock is where the time is asked"
