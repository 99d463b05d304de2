"""S4: schemathesis over our OpenAPI schema, in-process over WSGI, as each role: no 5xx, every
status documented, every body and content type as the schema says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from budgets.models import User
from tests import hypothesis_profiles

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ["holder_a", "nominee_a", "worker_a", "analyst_a"]
CALLS: Counter[tuple[str, int]] = Counter()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the WSGI calls run inside the test's transaction, so the
    per-request close_old_connections (which drops a connection not in autocommit, as inside a
    test transaction on PostgreSQL) must not run."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=hypothesis_profiles.examples(12),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)
def test_api_conforms(case: Any, role: str, person_a: Any, db: Any) -> None:
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=role))
    if "holder_id" in (case.path_parameters or {}):
        # Half the time the real person, so the scoped endpoints are exercised beyond 404.
        value = case.path_parameters["holder_id"]
        if isinstance(value, int) and value % 2 == 0:
            case.path_parameters["holder_id"] = person_a.pk
    response = case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=CHECKS)
    CALLS[(role, response.status_code)] += 1


def calls_summary(calls: Counter[tuple[str, int]]) -> list[str]:
    """The calls per role and status, printed at the end of the run (tests/api/conftest.py, which
    adds up the xdist workers' counts); the no-5xx rule itself is the not_a_server_error check on
    every call."""
    lines = []
    for role in ROLES:
        by_status = {status: n for (r, status), n in sorted(calls.items()) if r == role}
        if by_status:
            lines.append(f"schemathesis {role}: {sum(by_status.values())} calls {by_status}")
    return lines
