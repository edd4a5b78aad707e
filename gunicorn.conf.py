"""gunicorn's settings, read from the project's folder: `.venv/bin/gunicorn` starts the app with them
(README, "Running it in production"); options given on the command line win.

preload_app: the app, with the modules that draw charts and make the report files and the compiled
templates (lscb.wsgi.warm), is loaded once in the master process before the workers are forked, so
every worker, and every worker gunicorn starts again later, answers its first request warm
(BENCHMARKS.md, "Cold starts"). Sync workers: no threads.
"""

import os

wsgi_app = "lscb.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
preload_app = True
# A download of a live year's report that comes before the worker has laid it out lays it out
# itself: about half a minute for a large board's year (BENCHMARKS.md).
timeout = 120
