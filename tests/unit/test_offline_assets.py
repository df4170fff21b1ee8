"""Unit tests of the Sphinx extension that serves chart and widget JavaScript offline."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "offline_assets", ROOT / "_ext" / "offline_assets.py"
)
offline_assets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(offline_assets)

# What altair 6.3 writes into a chart's script (copied from a built page before rewriting).
CDN = "https://cdn" + ".jsdelivr.net/npm/"
ALTAIR_PATHS = f"""    const paths = {{
      "vega": "{CDN}vega@6?noext",
      "vega-lib": "{CDN}vega-lib?noext",
      "vega-lite": "{CDN}vega-lite@6.4.1?noext",
      "vega-embed": "{CDN}vega-embed@7?noext",
    }};"""


def pathto_from_chapter(uri: str, resource: int = 0) -> str:
    """Stand-in for Sphinx's ``pathto`` on a page one folder deep."""
    return "../" + uri


@pytest.mark.parametrize(
    ("requested", "vendored", "expected"),
    [
        ("6", "6.4.0", True),
        ("6.4.1", "6.4.1", True),
        ("6.4", "6.4.1", True),
        ("7", "6.4.0", False),
        ("6.4.1", "6.4.0", False),
        ("6.4", "6.40.0", False),  # parts, not characters
        (None, "6.4.0", True),
    ],
)
def test_satisfies_compares_dotted_parts(requested, vendored, expected):
    assert offline_assets.satisfies(requested, vendored) is expected


def test_rewrite_points_altair_paths_at_the_vendored_copies():
    rewritten = offline_assets.rewrite_altair_paths(ALTAIR_PATHS, pathto_from_chapter, "ch")
    assert (
        rewritten
        == """    const paths = {
      "vega": "../_static/vendor/vega/vega.min.js?noext",
      "vega-lib": "../_static/vendor/vega/vega.min.js?noext",
      "vega-lite": "../_static/vendor/vega-lite/vega-lite.min.js?noext",
      "vega-embed": "../_static/vendor/vega-embed/vega-embed.min.js?noext",
    };"""
    )
    assert not offline_assets.ANY_CDN_URL.search(rewritten)


def test_rewrite_refuses_a_version_the_vendored_copy_does_not_satisfy():
    body = f'"vega-lite": "{CDN}vega-lite@7.0.0?noext"'
    with pytest.raises(ExtensionError, match=r"vega-lite@7\.0\.0.*holds vega-lite 6\.4\.1"):
        offline_assets.rewrite_altair_paths(body, pathto_from_chapter, "chapters/x")


def test_rewrite_leaves_other_urls_alone():
    body = '<a href="https://www.sipri.org/databases/armstransfers">SIPRI</a>'
    assert offline_assets.rewrite_altair_paths(body, pathto_from_chapter, "x") == body


def test_cdn_pattern_finds_the_hosts_it_names():
    for url in (CDN + "x.js", "//unpkg" + ".com/thebe@0.8.2/lib/index.js"):
        assert offline_assets.ANY_CDN_URL.search(f'src="{url}"')
    assert not offline_assets.ANY_CDN_URL.search('src="../_static/vendor/vega/vega.min.js"')


def test_every_vendored_file_and_licence_exists():
    vendor = offline_assets.VENDOR_DIR
    for _version, relpath in offline_assets.ALTAIR_LIBRARIES.values():
        assert (vendor / relpath).is_file(), relpath
        assert (vendor / relpath).parent.joinpath("LICENSE").is_file(), relpath
    assert (vendor / "html-manager" / "embed-amd.js").is_file()
    assert (vendor / "requirejs" / "require.js").is_file()
    assert (vendor / "LICENSES.md").is_file()


def test_vendored_builds_report_the_versions_listed():
    # The minified builds state their own version; a mismatch means a wrong file was copied.
    vendor = offline_assets.VENDOR_DIR
    vega = (vendor / "vega" / "vega.min.js").read_text()
    assert 'version="6.4.0"' in vega.replace(" ", "")
    lite = (vendor / "vega-lite" / "vega-lite.min.js").read_text()
    assert '"6.4.1"' in lite
    embed = (vendor / "vega-embed" / "vega-embed.min.js").read_text()
    assert '"7.3.0"' in embed


def test_vendored_files_match_the_checksums_in_licenses_md():
    vendor = offline_assets.VENDOR_DIR
    listed = re.findall(r"^([0-9a-f]{64})  (\S+)$", (vendor / "LICENSES.md").read_text(), re.M)
    main_files = {relpath for _version, relpath in offline_assets.ALTAIR_LIBRARIES.values()}
    main_files |= {"requirejs/require.js", "html-manager/embed-amd.js", "mathjax/tex-mml-chtml.js"}
    assert main_files <= {relpath for _digest, relpath in listed}
    for digest, relpath in listed:
        assert hashlib.sha256((vendor / relpath).read_bytes()).hexdigest() == digest, relpath
