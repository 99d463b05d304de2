"""The developer docs stay true to the tree: every file they cite exists, every link between them
lands on a heading, and nothing points at notes outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
# A cited repository path: `dir/file.ext` or `dir/` starting at a top-level folder of the repo.
CITED = re.compile(r"`((?:budgets|outcomes|config|seeds|tests|docs)/[\w./-]*)`")
LINK = re.compile(r"\]\(([^)#\s]*)(?:#([\w-]+))?\)")
OUTSIDE_NOTES = re.compile(r"(?<![\w/])(product|domain|stack|style)\.md")


def _anchors(markdown: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    anchors = set()
    for line in markdown.read_text().splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", title)))
    return anchors


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_cited_paths_exist(doc: Path) -> None:
    missing = [path for path in CITED.findall(doc.read_text()) if not (ROOT / path).exists()]
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_land_on_a_heading(doc: Path) -> None:
    broken = []
    for target, anchor in LINK.findall(doc.read_text()):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        linked = (doc.parent / target).resolve() if target else doc
        if not linked.exists() or (anchor and anchor not in _anchors(linked)):
            broken.append(f"{target}#{anchor}")
    assert broken == []


def test_code_and_docs_cite_only_the_repository_docs() -> None:
    """A reference to a product, domain, stack or style note must name a page that exists in
    the repository (`docs/stack.md`, `docs/domain/...`), never the team's notes elsewhere."""
    offenders = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".html", ".md", ".toml"} and path.name != "Makefile":
            continue
        if any(part in {".venv", "node_modules", "var", ".git"} for part in path.relative_to(ROOT).parts):
            continue
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for match in OUTSIDE_NOTES.finditer(line):
                # Allowed: a repository path ("docs/stack.md") or, inside docs/, a sibling page.
                prefix = re.search(r"[\w./-]*$", line[: match.start()]).group(0)  # type: ignore[union-attr]
                relative = path.is_relative_to(ROOT / "docs") and (not prefix or prefix.startswith("."))
                base = path.parent if relative else ROOT
                if not (base / prefix / match.group(0)).is_file():
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
