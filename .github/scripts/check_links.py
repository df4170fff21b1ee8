"""Check that every URL in a BibTeX file still answers, and report (the weekly link check).

``python .github/scripts/check_links.py references.bib`` asks each ``url`` field
with a HEAD request (then GET, for servers that refuse HEAD), following
redirects, and prints a Markdown report, also written to the workflow run's
summary (``GITHUB_STEP_SUMMARY``). Each URL is

ok
    it answered below 400;
broken
    404 or 410, or the host is unknown or refuses connections: the source moved
    or vanished, and its entry needs a new URL (or an archived copy);
unverified
    another answer (401, 403, 429, 5xx: many publishers turn scripts away) or a
    time-out: worth a look in a browser, not proof of a dead link.

The exit status is 1 when a URL is broken, else 0. Only the standard library is
used, so the workflow needs nothing installed.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ENTRY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
URL_FIELD = re.compile(r"^\s*url\s*=\s*[{\"](?P<url>[^}\"]+)[}\"]", re.MULTILINE | re.IGNORECASE)
BROKEN_STATUSES = (404, 410)
USER_AGENT = "Mozilla/5.0 (compatible; course-bibliography-link-check)"
WORKERS = 8


@dataclass(frozen=True)
class Result:
    """What one URL of the bibliography answered."""

    key: str
    url: str
    verdict: str  # "ok", "broken" or "unverified"
    detail: str


def bibliography_urls(text: str) -> list[tuple[str, str]]:
    """Return ``(key, url)`` for every entry of a BibTeX text that has a ``url`` field."""
    starts = list(ENTRY.finditer(text))
    found = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        url = URL_FIELD.search(text, match.end(), end)
        if url:
            found.append((match.group(1), url["url"].strip()))
    return found


def _status(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check(key: str, url: str, timeout: float) -> Result:
    """Ask one URL (HEAD, then GET if HEAD is refused) and judge the answer."""
    try:
        status = _status(url, "HEAD", timeout)
        if status >= 400:
            status = _status(url, "GET", timeout)
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return Result(key, url, "unverified", "timed out")
        return Result(key, url, "broken", f"unreachable: {reason}")
    except TimeoutError:
        return Result(key, url, "unverified", "timed out")
    except OSError as error:
        return Result(key, url, "broken", f"unreachable: {error}")
    if status < 400:
        return Result(key, url, "ok", str(status))
    verdict = "broken" if status in BROKEN_STATUSES else "unverified"
    return Result(key, url, verdict, f"HTTP {status}")


def report(results: Sequence[Result]) -> str:
    """Return the Markdown report: counts, then every URL that is not ok."""
    counts = {v: sum(r.verdict == v for r in results) for v in ("ok", "broken", "unverified")}
    lines = [
        "## Links of references.bib",
        "",
        f"{len(results)} URLs: {counts['ok']} ok, {counts['broken']} broken, "
        f"{counts['unverified']} unverified (the server refused a script or did not answer).",
    ]
    problems = sorted((r for r in results if r.verdict != "ok"), key=lambda r: (r.verdict, r.key))
    if problems:
        lines += ["", "| entry | verdict | answer | URL |", "|---|---|---|---|"]
        lines += [f"| `{r.key}` | {r.verdict} | {r.detail} | {r.url} |" for r in problems]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Check the URLs of a BibTeX file; return 1 if one is broken."""
    parser = argparse.ArgumentParser(description="Check the URLs of a BibTeX file.")
    parser.add_argument("bibliography", type=Path)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    args = parser.parse_args(argv)
    entries = bibliography_urls(args.bibliography.read_text(encoding="utf-8"))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda entry: check(*entry, args.timeout), entries))
    text = report(results)
    print(text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(text)
    return 1 if any(r.verdict == "broken" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
