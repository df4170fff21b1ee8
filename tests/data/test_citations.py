"""Every citation in the book resolves, every bibliography entry is complete,
and every timeline event's source is in the bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from balancing.data.bibliography import BibEntry, read_bibliography
from balancing.data.timeline import load_events
from balancing.paths import repo_root

from support.citations import cited_keys, missing_fields, page_text

REPO_ROOT = repo_root()
BIB_FILE = REPO_ROOT / "references.bib"

INCLUDE = re.compile(r"^```\{include\}\s+(\S+)", re.MULTILINE)


def toc_files(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node[k] for k in ("root", "file") if isinstance(node.get(k), str)]
        return found + [f for value in node.values() for f in toc_files(value)]
    if isinstance(node, list):
        return [f for item in node for f in toc_files(item)]
    return []


def book_pages() -> list[Path]:
    """Every page in _toc.yml, plus the files those pages include.

    A page listed but not (yet) written is skipped: the book build reports it.
    """
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = []
    for name in toc_files(toc):
        candidates = [REPO_ROOT / f"{name}{suffix}" for suffix in ("", ".md", ".ipynb")]
        page = next((p for p in candidates if p.is_file()), None)
        if page is None:
            continue
        pages.append(page)
        if page.suffix == ".md":
            for target in INCLUDE.findall(page.read_text(encoding="utf-8")):
                pages.append((page.parent / target).resolve())
    return sorted(set(pages))


@pytest.fixture(scope="module")
def bibliography() -> dict[str, BibEntry]:
    return read_bibliography(BIB_FILE)


def test_every_cited_key_resolves(bibliography):
    unresolved = [
        f"{page.relative_to(REPO_ROOT)}: {key}"
        for page in book_pages()
        for key in cited_keys(page_text(page))
        if key not in bibliography
    ]
    assert not unresolved, "citation keys missing from references.bib:\n" + "\n".join(unresolved)


def test_the_book_cites_something():
    pages = book_pages()
    cited = {key for page in pages for key in cited_keys(page_text(page))}
    assert "pierini2022" in cited


def test_every_entry_is_complete(bibliography):
    incomplete = {
        key: missing_fields(entry)
        for key, entry in bibliography.items()
        if missing_fields(entry)
    }
    assert not incomplete, incomplete


def bib_entries_text() -> dict[str, str]:
    """Each entry's body, by key, read from references.bib with the standard library."""
    text = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    starts = list(re.finditer(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, re.MULTILINE))
    bodies = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        bodies[match.group(1)] = text[match.end() : end]
    return bodies


def normalised_title(body: str) -> str:
    found = re.search(r"^\s*title\s*=\s*\{(.*)\}\s*,?\s*$", body, re.MULTILINE)
    assert found, "entry without a one-line title"
    plain = found.group(1).replace("{", "").replace("}", "").lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def test_every_entry_has_a_url_or_doi(bibliography):
    without = [key for key in bibliography if not bibliography[key].fields & {"url", "doi"}]
    assert not without, "entries need a url or a doi: " + ", ".join(without)


def test_no_two_entries_share_a_title():
    by_title: dict[str, list[str]] = {}
    for key, body in bib_entries_text().items():
        by_title.setdefault(normalised_title(body), []).append(key)
    shared = {title: keys for title, keys in by_title.items() if len(keys) > 1}
    assert not shared, shared


def test_title_check_catches_a_duplicate():
    first = "  title = {Marking 60 years of membership},\n"
    second = "  title = {Marking {60} Years of Membership},\n"
    assert normalised_title(first) == normalised_title(second)


def test_every_timeline_source_resolves(bibliography):
    events = load_events(REPO_ROOT / "data" / "timeline" / "events.csv", BIB_FILE)
    assert events["source"].notna().all()
    assert set(events["source"]) <= set(bibliography)


def test_cited_keys_reads_every_role_form():
    text = "As {cite:t}`a2020` argues {cite:p}`b2021, c2022`; see {cite}`d` and {cite:ps}`e`."
    assert cited_keys(text) == ["a2020", "b2021", "c2022", "d", "e"]
    assert cited_keys("`code` and {term}`TIV`") == []


def test_reader_finds_fields_and_duplicates(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{good,\n  author = {A},\n  title = {T},\n  year = {2020},\n  url = {u}\n}\n"
        "@book{thin,\n  title = {T}\n}\n",
        encoding="utf-8",
    )
    entries = read_bibliography(bib)
    assert missing_fields(entries["good"]) == []
    assert missing_fields(entries["thin"]) == [
        "author",
        "year (or urldate for an undated web page)",
        "url or publisher",
    ]
    assert entries["thin"].line == 7
    bib.write_text("@misc{x,\n title={a}\n}\n@misc{x,\n title={b}\n}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate bibliography key 'x'"):
        read_bibliography(bib)


def test_page_text_rejects_other_files(tmp_path):
    with pytest.raises(ValueError, match=r"expected a \.md or \.ipynb page"):
        page_text(tmp_path / "notes.txt")
