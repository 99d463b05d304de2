"""API support rows: the first response to an Idempotency-Key, kept so a retried POST repeats it."""

from __future__ import annotations

from django.db import models

from budgets.models.tenancy import User


class IdempotencyRecord(models.Model):
    """One POST per (user, path, key): a repeat gets the stored status and body back unchanged."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    path = models.CharField(max_length=300)
    # Hash of the request data: the same key with different data is refused, not replayed.
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "path", "key"], name="idempotency_key_once_per_user_path")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status_code}"
