"""Read a chapter's source as the book shows it: title, sections, cells and roles (for tests).

A chapter is a MyST Markdown page (chapter 1) or a notebook (chapters 2-8). The
book drops notebook cells tagged ``remove-cell``; what is left is split here at
its level-2 headings into :class:`Section` objects, each with its Markdown and
its code cells, so that tests can check the chapters' common skeleton
(``tests/unit/test_chapter_skeleton.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
GLOSSARY = ROOT / "back" / "glossary.md"
#: ``{role}`content``` in MyST; ``content`` may be ``text <target>``.
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]+)`")
_PARSER = MarkdownIt("commonmark")


@dataclass
class Section:
    """A level-2 section (or the part before the first one, with ``title`` empty)."""

    title: str
    markdown: str = ""
    code: list[nbformat.NotebookNode] = field(default_factory=list)

    def roles(self, name: str) -> list[str]:
        """Return the targets of every ``{name}`` role in the section's Markdown."""
        return role_targets(self.markdown, name)


@dataclass
class Page:
    """A chapter as the book shows it."""

    path: Path
    title: str
    sections: list[Section]
    notebook: nbformat.NotebookNode | None

    @property
    def number(self) -> str:
        """The chapter's two-digit number, from its file name."""
        return self.path.name[:2]

    def section(self, title: str) -> Section:
        """Return the section with this title (a ``KeyError`` names the ones there are)."""
        for section in self.sections:
            if section.title == title:
                return section
        raise KeyError(f"{self.path.name} has no section {title!r}: {self.titles()}")

    def titles(self) -> list[str]:
        """Return the titles of the level-2 sections, in order."""
        return [s.title for s in self.sections if s.title]

    @property
    def markdown(self) -> str:
        """The whole page's Markdown."""
        return "\n\n".join(s.markdown for s in self.sections)

    def shown_cells(self) -> list[nbformat.NotebookNode]:
        """Return the notebook's cells that the book keeps (all but ``remove-cell``)."""
        if self.notebook is None:
            return []
        return [c for c in self.notebook.cells if "remove-cell" not in tags(c)]


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """Return a notebook cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def role_targets(markdown: str, name: str) -> list[str]:
    """Return the target of every ``{name}`` role (``text <target>`` gives ``target``)."""
    targets = []
    for match in ROLE.finditer(markdown):
        if match["role"] == name:
            content = match["content"].strip()
            explicit = re.fullmatch(r"(?s).*<(?P<target>[^<>]+)>", content)
            targets.append(explicit["target"].strip() if explicit else content)
    return targets


def _headings(markdown: str) -> list[tuple[int, int, str]]:
    """Return (level, first line, text) of each level-1 and level-2 heading."""
    tokens = _PARSER.parse(markdown)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            found.append((int(token.tag[1]), token.map[0], tokens[index + 1].content.strip()))
    return found


def read_page(path: Path) -> Page:
    """Read a chapter (``.md`` or ``.ipynb``) into its title and level-2 sections.

    Parameters
    ----------
    path : Path
        The chapter's source.

    Returns
    -------
    Page
        Its title (the level-1 heading) and sections, without ``remove-cell`` cells.

    Raises
    ------
    ValueError
        If the file is neither Markdown nor a notebook.
    """
    if path.suffix == ".md":
        notebook, cells = None, [nbformat.v4.new_markdown_cell(path.read_text(encoding="utf-8"))]
    elif path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        cells = [c for c in notebook.cells if "remove-cell" not in tags(c)]
    else:
        raise ValueError(f"{path}: expected a .md or .ipynb page, found {path.suffix!r}")
    title, sections = "", [Section("")]
    for cell in cells:
        if cell.cell_type == "code":
            sections[-1].code.append(cell)
            continue
        lines = cell.source.splitlines()
        start = 0
        for level, line, text in _headings(cell.source):
            sections[-1].markdown += "\n".join(lines[start:line]) + "\n"
            start = line + 1
            if level == 1:
                title = text
            else:
                sections.append(Section(text))
        sections[-1].markdown += "\n".join(lines[start:]) + "\n"
    return Page(path, title, sections, notebook)


def chapter_paths() -> list[Path]:
    """Return the sources of chapters 1-8, in order."""
    return sorted(
        p
        for p in CHAPTERS.iterdir()
        if re.match(r"0[1-8]-", p.name) and p.suffix in (".md", ".ipynb")
    )


def glossary_terms() -> set[str]:
    """Return the glossary's terms, lower-cased as Sphinx matches ``{term}`` roles."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(?P<body>.*?)\n```", text, re.S)
    if block is None:
        raise ValueError(f"{GLOSSARY} has no ```{{glossary}} block")
    return {
        line.strip().lower()
        for line in block["body"].splitlines()
        if line.strip() and not line.startswith((" ", "\t"))
    }
