"""WSGI entry point; production settings unless told otherwise.

Under gunicorn with the repository's gunicorn.conf.py (preload_app), this module is loaded once, in
the master process, before it forks the workers: what `warm()` loads here every worker starts with,
so no reader's request pays for it. No thread is started and no database connection is left open
across the fork.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings.production")

application = get_wsgi_application()


def warm() -> None:
    """Load what the first requests would otherwise wait for: the modules that draw the charts and
    make the files (matplotlib with its fonts, WeasyPrint, python-docx), the URL patterns, and every
    template of the project compiled (Django's cached loader, on whenever DEBUG is off, keeps them)."""
    from pathlib import Path

    import weasyprint  # noqa: F401
    from django.conf import settings
    from django.db import connections
    from django.template import engines
    from django.template.loader import get_template
    from django.urls import get_resolver

    import dataset.charts  # noqa: F401
    import learning.charts  # noqa: F401
    import yearend.charts
    import yearend.docx
    import yearend.render
    import yearend.report  # noqa: F401
    from lscb.charts import figure_svg

    # matplotlib reads its fonts when it first lays out text.
    figure_svg(_tiny_figure)
    _reverse_ready(get_resolver())  # imports every app's views; reverse() then builds nothing

    base = Path(settings.BASE_DIR).resolve()
    for directory in engines["django"].template_dirs:
        directory = Path(directory).resolve()
        if not directory.is_relative_to(base) or ".venv" in directory.parts:
            continue  # the project's own templates; Django's and the packages' load when asked
        for path in sorted(directory.rglob("*.html")):
            get_template(path.relative_to(directory).as_posix())
    connections.close_all()


def _reverse_ready(resolver) -> None:
    """Build the tables reverse() reads, for the URLs and each namespace's: the first page would
    otherwise build them (about 70 ms of the dashboard's first request, for its menu's links)."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, namespace in resolver.namespace_dict.values():
        _reverse_ready(namespace)


def _tiny_figure():
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    figure.text(0.5, 0.5, "Warm", fontsize=8)
    figure.add_subplot().barh([0], [1])
    return figure


if os.environ.get("LSCB_WARM_START", "1") != "0":
    from django.conf import settings as _settings

    if not _settings.DEBUG:
        warm()
