/* The article header's "Toggle primary sidebar" button, on wide screens.
 *
 * sphinx-book-theme 1.3 hides or shows the sidebar on a wide screen (992 px and up) by
 * toggling `pst-sidebar-hidden`, but it listens to the first `.primary-toggle` in the
 * page, which with pydata-sphinx-theme 0.17 is the header bar's own button, hidden on
 * every screen size: the visible button in the article header did nothing there. This
 * gives the visible button the theme's behaviour (on narrow screens it keeps opening
 * the navigation drawer, as the theme does).
 */
document.addEventListener("DOMContentLoaded", () => {
  const sidebar = document.querySelector("#pst-primary-sidebar");
  if (!sidebar) return;
  document.querySelectorAll(".bd-header-article .primary-toggle").forEach((button) => {
    button.addEventListener(
      "click",
      (event) => {
        if (!window.matchMedia("(min-width: 992px)").matches) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        sidebar.classList.toggle("pst-sidebar-hidden");
      },
      true,
    );
  });
});
