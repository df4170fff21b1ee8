"""The page's own controls on a wide screen: one search field, a sidebar toggle that works.

The theme (sphinx-book-theme 1.3 with pydata-sphinx-theme 0.17) puts a second search
field in a header bar above the page and binds its wide-screen sidebar toggle to a
hidden button; ``_static/layout.css`` and ``_static/sidebar-toggle.js`` fix both (see
there). Read as a reader at 1280 px would, with the mouse and with the keyboard.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE = "chapters/02-drones-and-defence-industry.html"
TOGGLE = ".bd-header-article .primary-toggle"
VISIBLE_SEARCH_FIELDS = """Array.from(document.querySelectorAll('.search-button-field'))
    .filter((b) => b.checkVisibility({visibilityProperty: true})).length"""
SIDEBAR_SHOWN = """(() => {
    const sidebar = document.querySelector('#pst-primary-sidebar');
    return getComputedStyle(sidebar).visibility === 'visible'
        && sidebar.getBoundingClientRect().right > 0;
})()"""


@pytest.fixture
def page(tab, book_server):
    tab.goto(f"{book_server.url}/{PAGE}", wait_until="load")
    tab.wait_for_function("document.readyState === 'complete'")
    return tab


def test_a_wide_page_shows_one_search_field(page):
    assert page.evaluate(SIDEBAR_SHOWN)
    assert page.evaluate(VISIBLE_SEARCH_FIELDS) == 1


def test_the_sidebar_toggle_hides_and_shows_the_sidebar(page):
    page.locator(TOGGLE).click()
    page.wait_for_function(f"!{SIDEBAR_SHOWN}")
    # With the sidebar (and its search field) hidden, the header bar's search field shows.
    assert page.evaluate(VISIBLE_SEARCH_FIELDS) == 1
    page.locator(TOGGLE).click()
    page.wait_for_function(SIDEBAR_SHOWN)
    assert page.evaluate(VISIBLE_SEARCH_FIELDS) == 1


def test_the_sidebar_toggle_works_from_the_keyboard(page):
    page.locator(TOGGLE).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"!{SIDEBAR_SHOWN}")
