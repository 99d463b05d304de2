from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)


def test_holder_sees_own_budget(api_client_for: Any, holder_a: Any, person_a: Any) -> None:
    client = api_client_for(holder_a)
    response = client.get("/api/v1/holders/")
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [person_a.pk]
    response = client.get(f"/api/v1/holders/{person_a.pk}/budget/")
    assert response.status_code == 200, response.content
    for path in ["spends", "goals", "activities", "wellbeing-checks", "summary"]:
        response = client.get(f"/api/v1/holders/{person_a.pk}/{path}/")
        assert response.status_code == 200, (path, response.content)


def test_worker_lists(api_client_for: Any, worker_a: Any) -> None:
    client = api_client_for(worker_a)
    for path in ["caseload", "reviews", "imports", "holders"]:
        response = client.get(f"/api/v1/{path}/")
        assert response.status_code == 200, (path, response.content)
