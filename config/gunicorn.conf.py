"""gunicorn settings, read with `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be set from the environment, so the same file serves the benchmark and a
server: WEB_CONCURRENCY (worker processes, default 2 per core + 1), GUNICORN_BIND
(default 127.0.0.1:8000), GUNICORN_TIMEOUT (seconds, default 30).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (a slow leak never grows without bound).
max_requests = 5000
max_requests_jitter = 500
# Workers import the project before forking: less memory, faster restarts.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
