"""Breaking changes of ``schema.graphql`` since the last tagged release (graphql-core's own comparison).

A breaking change (a removed type or field, an argument made required, a non-null result made nullable)
breaks clients generated from the released schema. ``bff schema-check`` lists them against the newest
``v*`` tag and fails unless each is listed in ``schema-intended-changes.txt`` (one change per line, exactly
as printed, with a comment line saying why); dangerous changes (a new enum value, a changed default) are
printed as warnings. The test suite runs the same check, so CI fails on an unmarked breaking change.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from graphql import build_schema, find_breaking_changes, find_dangerous_changes

ROOT = Path(__file__).resolve().parent.parent
INTENDED_FILE = ROOT / "schema-intended-changes.txt"


@dataclass(frozen=True)
class Comparison:
    release: str | None  # the tag compared against (None: no release to compare with)
    breaking: list[str]
    dangerous: list[str]
    unmarked: list[str]  # breaking changes not listed as intended


def changes(old_sdl: str, new_sdl: str) -> tuple[list[str], list[str]]:
    """(breaking, dangerous) changes from ``old_sdl`` to ``new_sdl``, as ``TYPE: description`` lines."""
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    breaking = [f"{c.type.name}: {c.description}" for c in find_breaking_changes(old, new)]
    dangerous = [f"{c.type.name}: {c.description}" for c in find_dangerous_changes(old, new)]
    return sorted(breaking), sorted(dangerous)


def intended(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")}


def last_release(root: Path = ROOT) -> str | None:
    """The newest ``v*`` tag reachable from HEAD, or None (no git, no tag)."""
    try:
        out = subprocess.run(["git", "describe", "--tags", "--abbrev=0", "--match", "v*", "HEAD"], cwd=root,
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def released_schema(tag: str, root: Path = ROOT) -> str:
    out = subprocess.run(["git", "show", f"{tag}:schema.graphql"], cwd=root, capture_output=True, text=True,
                         timeout=30, check=True)
    return out.stdout


def compare(current_sdl: str, *, release: str | None = None, root: Path = ROOT) -> Comparison:
    tag = release or last_release(root)
    if tag is None:
        return Comparison(None, [], [], [])
    breaking, dangerous = changes(released_schema(tag, root), current_sdl)
    marked = intended(INTENDED_FILE.read_text(encoding="utf-8")) if INTENDED_FILE.exists() else set()
    return Comparison(tag, breaking, dangerous, [c for c in breaking if c not in marked])


def report(comparison: Comparison) -> str:
    if comparison.release is None:
        return "no v* release tag: nothing to compare schema.graphql with"
    lines = [f"schema.graphql against {comparison.release}: {len(comparison.breaking)} breaking, "
             f"{len(comparison.dangerous)} dangerous"]
    lines += [f"  BREAKING{'' if c in comparison.unmarked else ' (intended)'}  {c}" for c in comparison.breaking]
    lines += [f"  dangerous  {c}" for c in comparison.dangerous]
    if comparison.unmarked:
        lines.append(f"{len(comparison.unmarked)} breaking change(s) not marked intended: fix them, or copy the "
                     f"lines into {INTENDED_FILE.name} with a comment saying why")
    return "\n".join(lines)
