"""Turn the book's launch, repository and issue buttons on only for a known repository.

``repository.url`` in ``_config.yml`` is the one setting (see ``balancing/launch.py``
and the README's "Where to run it"). At ``config-inited`` this extension sets the
theme's options from it:

* no repository known (the setting empty, not in a GitHub Actions workflow): no
  launch, repository or issue button, so a local build shows no dead link;
* the setting empty, built by the publish workflow: the repository the workflow
  runs in (``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``), with no edit. Colab's
  button stays off, since Colab opens the notebook from GitHub and its set-up
  cell names the wheel of the repository set in ``_config.yml`` only;
* the setting given: every button, Colab's included.

Binder's button needs ``binderhub_url``, JupyterHub's ``jupyterhub_url`` (the
theme makes an nbgitpuller link; empty means no button).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from balancing.launch import github_parts, workflow_repository

#: Theme options that show a button linking to the repository.
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button")


def button_options(theme_options: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the theme's options with the buttons a known repository allows.

    Parameters
    ----------
    theme_options : Mapping
        ``html_theme_options`` as Jupyter Book made them from ``_config.yml``
        (``repository_url``, ``launch_buttons``...).
    environ : Mapping of str to str
        The environment, read for the workflow's repository.

    Returns
    -------
    dict
        A copy of the options, with ``repository_url``, ``launch_buttons`` and
        the repository and issue buttons set as the module's docstring says.

    Raises
    ------
    ValueError
        If the repository URL is not ``https://github.com/OWNER/NAME``.
    """
    options = dict(theme_options)
    configured = str(options.get("repository_url") or "").strip().rstrip("/")
    repository = configured or workflow_repository(environ)
    if not repository:
        options.pop("repository_url", None)
        options["launch_buttons"] = {}
        options.update(dict.fromkeys(REPOSITORY_BUTTONS, False))
        return options
    github_parts(repository)
    launch = dict(options.get("launch_buttons") or {})
    if not configured:
        launch["colab_url"] = ""
    options["repository_url"] = repository
    options["launch_buttons"] = launch
    options.update(dict.fromkeys(REPOSITORY_BUTTONS, True))
    return options


def configure_buttons(app: Sphinx, config: Config) -> None:
    try:
        config.html_theme_options = button_options(config.html_theme_options, os.environ)
    except ValueError as error:
        raise ConfigError(str(error)) from error


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", configure_buttons)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
