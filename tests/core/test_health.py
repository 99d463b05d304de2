"""GET /health/: database, broker and a worker round trip; no login, no personal data."""

import pytest

from config import health
from tests.celery_helpers import celery_using, running_worker


@pytest.mark.django_db(transaction=True)
def test_health_is_ok_with_a_worker_on_redis(client, redis_url):
    with celery_using(redis_url), running_worker():
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db(transaction=True)
def test_health_names_the_worker_when_none_answers(client, redis_url, monkeypatch):
    monkeypatch.setattr(health, "WORKER_ROUND_TRIP_SECONDS", 0.5)
    with celery_using(redis_url):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "failed: TimeoutError"}


@pytest.mark.django_db
def test_health_names_the_broker_when_it_is_unreachable(client):
    with celery_using("redis://127.0.0.1:1/0"):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"].startswith("failed: ")
    assert response.json()["worker"] == "not checked: broker unavailable"


@pytest.mark.django_db
def test_health_refuses_other_methods(client):
    assert client.post("/health/").status_code == 405
