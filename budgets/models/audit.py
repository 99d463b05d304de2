"""The access audit trail: who read, downloaded or changed what about whom, and from where.

Rows are append-only (a database trigger refuses UPDATE, and DELETE outside the retention purge:
budgets/migrations/0005_access_audit_trail.py). People and users are kept as plain ids with a
snapshot (username, council person id), not foreign keys, so the trail outlives them and no
cascade can ever try to change it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from budgets.models.tenancy import Council, Membership

MSG_APPEND_ONLY = "Access events are append-only: they cannot be changed or deleted."


class AppendOnlyError(Exception):
    """An attempt to change or delete an access event through the app."""


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError(MSG_APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(MSG_APPEND_ONLY)

    def purge(self) -> int:
        """Delete for the retention purge only (budgets.audit.recording.audit_purge), inside
        `purge_allowed()`; anywhere else the database trigger refuses it."""
        return int(self._raw_delete(self.db))


class AccessEvent(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", "Page viewed"
        API = "api", "API read"
        DOWNLOAD = "download", "File downloaded"
        CHANGE = "change", "Role or setting changed"
        RETENTION = "retention", "Retention purge"

    at = models.DateTimeField(default=timezone.now)
    # PROTECT: a council with an access history cannot be deleted by accident.
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="access_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    what = models.CharField(max_length=200, help_text="Plain label of the page, file or action.")
    target = models.CharField(max_length=200, blank=True, help_text="The object: 'review 12', 'csv'.")
    user_pk = models.PositiveBigIntegerField(null=True, blank=True, help_text="None: a scheduled job.")
    username = models.CharField(max_length=150, blank=True, help_text="As it was at the time.")
    role = models.CharField(max_length=16, blank=True, help_text="The role the user acted in.")
    holder_pk = models.PositiveBigIntegerField(null=True, blank=True)
    council_person_id = models.CharField(max_length=40, blank=True, help_text="As it was at the time.")
    address = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=500, blank=True, help_text="Without the query string.")

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["council", "-at"], name="access_council_at"),
            models.Index(fields=["council", "holder_pk", "-at"], name="access_council_holder_at"),
            models.Index(fields=["council", "user_pk", "-at"], name="access_council_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'system'} {self.what}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError(MSG_APPEND_ONLY)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(MSG_APPEND_ONLY)

    @property
    def role_label(self) -> str:
        if self.role == "system":
            return "System"
        return str(dict(Membership.Role.choices).get(self.role, self.role)) or "–"
