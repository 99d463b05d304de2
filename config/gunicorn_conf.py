"""Gunicorn for `make run`, and the starting point for production (pass --bind there).

A bounded pool: WEB_CONCURRENCY processes × WEB_THREADS threads serve requests, and each thread
keeps at most one database connection (CONN_MAX_AGE), so the app never holds more than
workers × threads connections to PostgreSQL, plus one per Celery worker process.
"""

import os

wsgi_app = "config.wsgi:application"
bind = [f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
# Load Django once in the master: a broken setting stops start-up at once, workers fork ready.
preload_app = True
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
# A report or pack download streams a file; nothing else should take this long.
timeout = 60
graceful_timeout = 20
# Recycle workers now and then so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# No control socket: one per user's home by default, shared by every gunicorn they start.
control_socket_disable = True
# No access log: request lines name the people (IDs) a user looked at.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
