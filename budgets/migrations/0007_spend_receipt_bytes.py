"""Spend.receipt_bytes: each stored receipt's size, counted against the person's storage quota.
Receipts stored before it are measured once, through the storage API; a missing file counts 0."""

from typing import Any

from django.db import migrations, models


def measure_stored_receipts(apps: Any, schema_editor: Any) -> None:
    from django.core.files.storage import default_storage

    Spend = apps.get_model("budgets", "Spend")
    for spend in Spend.objects.exclude(receipt="").only("pk", "receipt").iterator():
        try:
            size = default_storage.size(spend.receipt.name)
        except Exception:  # noqa: BLE001 - each storage says "missing" its own way; count it as 0
            continue
        Spend.objects.filter(pk=spend.pk).update(receipt_bytes=size)


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0006_access_audit_trail"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalspend",
            name="receipt_bytes",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="spend",
            name="receipt_bytes",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(measure_stored_receipts, migrations.RunPython.noop),
    ]
