"""Ten receipts uploaded at once by the same person, with room for three: exactly three are
kept. The quota is counted again under a lock once each receipt's row is written, so uploads
that all passed the first (unlocked) check cannot together go over it."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from budgets.models import BudgetHolder, Spend, User
from outcomes.holder.services import (
    SpendInput,
    holder_spend_add,
)
from tests.holder.helpers import PDF_BYTES, upload
from tests.uploads.conftest import SPENT_ON, stored_receipts

UPLOADS = 10
ROOM_FOR = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_never_pass_the_quota(tx_world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE); CI runs it on PostgreSQL")
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    user = User.objects.get(username="holder_a")
    spends = [
        holder_spend_add(
            holder=holder,
            data=SpendInput(
                spent_on=SPENT_ON, amount=Decimal("1.00"), payee="Race", category=None, goals=[], shares={}
            ),
            actor=user,
        )
        for _ in range(UPLOADS)
    ]
    files_before = stored_receipts()
    barrier = threading.Barrier(UPLOADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def one(spend: Spend) -> None:
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            response = client.put(
                f"/api/v1/holders/{holder.pk}/spends/{spend.pk}/receipt/",
                {"receipt": upload("r.pdf", PDF_BYTES)},
                format="multipart",
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    with override_settings(RECEIPT_QUOTA_BYTES_PER_PERSON=ROOM_FOR * len(PDF_BYTES)):
        threads = [threading.Thread(target=one, args=(spend,)) for spend in spends]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [200] * ROOM_FOR + [409] * (UPLOADS - ROOM_FOR)
    kept = Spend.objects.filter(pk__in=[s.pk for s in spends]).exclude(receipt="")
    assert kept.count() == ROOM_FOR
    assert sorted(stored_receipts() - files_before) == sorted(spend.receipt.name for spend in kept)
