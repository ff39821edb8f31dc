"""Background work a person asked for (an export, later briefings and large imports): what
it is, how far it has got, and the file it made, until that file expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.models import Case
from peacetrack.cases.public_ids import PublicIdModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class Job(PublicIdModel):
    # The case it works on; for a job that makes a case (an import), none until it is made.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)  # a key of the job kinds registry (jobs/kinds.py)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=16)  # the requester's: progress messages are in it
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    message = models.CharField(max_length=300, blank=True)
    # The file made, relative to JOBS_RESULT_DIR (a random name: never guessable, never public)
    result_file = models.CharField(max_length=100, blank=True)
    result_name = models.CharField(max_length=200, blank=True)  # the download's file name
    result_size = models.BigIntegerField(null=True, blank=True)
    # Why a job was refused, one line each (an import's problems with the file), for its page.
    details = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Pruning finds the ready results whose time is up.
            models.Index(fields=["status", "expires_at"], name="jobs_job_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="jobs_job_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED}
