"""An upload stays readable and committable only while its uploader still holds the role (and
the caseload) that allowed it: otherwise 404 on list, detail and commit, and nothing imported."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.imports.selectors import import_batch_require_commit
from budgets.models import CardAccount, CaseloadAssignment, ImportBatch, Membership, Spend
from tests.clock import SEED_ANCHOR, at

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)

# A statement line from five days ago.
PAID = SEED_ANCHOR - timedelta(days=5)
GENERIC = f"date,payee,amount,reference\n{PAID},Gym,5.00,S1\n"
CARD = f"Transaction Date,Merchant,Amount,Card Number,Transaction ID\n{PAID:%d/%m/%Y},Gym,-9.00,4242,C1\n"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(at(12), tick=False):
        yield


def _upload(client: Any, text: str, mapping: str, holder: Any = None) -> int:
    payload: dict[str, Any] = {
        "file": SimpleUploadedFile("t.csv", text.encode(), "text/csv"),
        "mapping": mapping,
    }
    if holder is not None:
        payload["holder"] = holder.pk
    response = client.post("/api/v1/imports/", payload, format="multipart")
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def _state() -> tuple[int, list[tuple[int, str, int]]]:
    batches = list(ImportBatch.objects.order_by("pk").values_list("pk", "status", "imported_count"))
    return Spend.objects.filter(source="import").count(), batches


def _assert_hidden(client: Any, batch_id: int) -> None:
    before = _state()
    listed = client.get("/api/v1/imports/")
    assert listed.status_code == 200
    assert listed.json()["results"] == []
    assert client.get(f"/api/v1/imports/{batch_id}/").status_code == 404
    commit = client.post(f"/api/v1/imports/{batch_id}/commit/")
    assert commit.status_code == 404
    assert commit.json()["error"]["code"] == "not_found"
    assert _state() == before


def test_worker_taken_off_the_caseload_loses_the_batch(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    client = api_client_for(worker_a)
    batch_id = _upload(client, GENERIC, "generic", person_a)
    assert [b["id"] for b in client.get("/api/v1/imports/").json()["results"]] == [batch_id]
    CaseloadAssignment.objects.filter(worker=worker_a, holder=person_a).delete()
    _assert_hidden(client, batch_id)
    assert ImportBatch.objects.get(pk=batch_id).status == "previewed"


def test_worker_who_lost_the_worker_role_loses_the_batch(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    client = api_client_for(worker_a)
    batch_id = _upload(client, GENERIC, "generic", person_a)
    Membership.objects.filter(user=worker_a, role=Membership.Role.WORKER).delete()
    assert CaseloadAssignment.objects.filter(worker=worker_a, holder=person_a).exists()
    _assert_hidden(client, batch_id)


def test_analyst_who_lost_the_role_loses_the_council_batch(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    council_a.analysts_see_people = True  # else the card matches nobody (test_person_facts)
    council_a.save(update_fields=["analysts_see_people"])
    CardAccount.objects.create(council=council_a, holder=person_a, card_ref="4242")
    client = api_client_for(analyst_a)
    batch_id = _upload(client, CARD, "prepaid-card")
    assert client.get(f"/api/v1/imports/{batch_id}/").json()["preview"][0]["holder_id"] == person_a.pk
    Membership.objects.filter(user=analyst_a, council=council_a, role=Membership.Role.ANALYST).delete()
    _assert_hidden(client, batch_id)


def test_analyst_of_another_council_cannot_commit_the_old_councils_batch(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any, council_b: Any
) -> None:
    """The commit used to check the caller's first analyst council, not the batch's."""
    CardAccount.objects.create(council=council_a, holder=person_a, card_ref="4242")
    client = api_client_for(analyst_a)
    batch_id = _upload(client, CARD, "prepaid-card")
    Membership.objects.create(user=analyst_a, council=council_b, role=Membership.Role.ANALYST)
    Membership.objects.filter(user=analyst_a, council=council_a, role=Membership.Role.ANALYST).delete()
    _assert_hidden(client, batch_id)


def test_commit_check_uses_the_batchs_own_council(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any, council_b: Any
) -> None:
    CardAccount.objects.create(council=council_a, holder=person_a, card_ref="4242")
    batch = ImportBatch.objects.get(pk=_upload(api_client_for(analyst_a), CARD, "prepaid-card"))
    Membership.objects.create(user=analyst_a, council=council_b, role=Membership.Role.ANALYST)
    import_batch_require_commit(user=analyst_a, batch=batch)  # still an analyst of the batch's council
    Membership.objects.filter(user=analyst_a, council=council_a, role=Membership.Role.ANALYST).delete()
    with pytest.raises(PermissionDenied):
        import_batch_require_commit(user=analyst_a, batch=batch)


def test_the_batch_still_commits_while_in_scope(api_client_for: Any, worker_a: Any, person_a: Any) -> None:
    client = api_client_for(worker_a)
    batch_id = _upload(client, GENERIC, "generic", person_a)
    committed = client.post(f"/api/v1/imports/{batch_id}/commit/")
    assert committed.status_code == 200
    assert committed.json()["imported_count"] == 1
