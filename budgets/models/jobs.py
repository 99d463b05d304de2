"""The fields every leased background job row shares (the mechanism is budgets/jobs.py).

A job model adds its own `status` (its words differ: PENDING or QUEUED, DONE or COMMITTED) and
`created_at`, and names them in its budgets.jobs.JobKind.
"""

from __future__ import annotations

from django.db import models


class LeasedJob(models.Model):
    progress = models.PositiveSmallIntegerField(default=0)
    # What the person sees when the job failed: a plain sentence, never a path on the server.
    error = models.CharField(max_length=300, blank=True)
    # Counts every claim, never goes back: it is the owner token. Only the claim holding the
    # current attempt number may renew, finish or fail the job, so a worker that lost its lease
    # (it stalled, the sweeper handed the job to another) can write nothing.
    attempt = models.PositiveSmallIntegerField(default=0)
    # `attempt` when the job was last asked for: the tries of this request are
    # attempt - queued_at_attempt, and they are bounded (budgets.jobs.MAX_ATTEMPTS).
    queued_at_attempt = models.PositiveSmallIntegerField(default=0)
    # RUNNING: until when the claim holds the job. Waiting: when the sweeper may publish it again.
    lease_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
