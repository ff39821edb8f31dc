"""The append-only audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One write made through a service. Rows are never changed or removed.

    The database enforces this too (triggers added in migrations 0002 and 0003), so not even a raw
    UPDATE can rewrite history.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Plain references without database constraints: the trail must outlive what it describes.
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # Each read of a case's trail walks one of these in its order (newest first), so that a
        # page costs the same whatever the length of the trail (peacetrack/tests/
        # test_query_plans.py reads the plans).
        indexes = [
            # The trail's pages and the dashboard's latest changes (keyset on at, id).
            models.Index(fields=["case", "-at", "-id"], name="audit_case_at"),
            # The trail filtered by type of record, and by person.
            models.Index(fields=["case", "object_type", "-at", "-id"], name="audit_case_type_at"),
            models.Index(fields=["case", "actor", "-at", "-id"], name="audit_case_actor_at"),
            # One record's history (record pages), and the events about given records.
            models.Index(
                fields=["case", "object_type", "object_id", "-at", "-id"], name="audit_record_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class CaseVisit(models.Model):
    """When a member was last on a case's dashboard, so that "latest changes" can show what
    changed since their previous visit. Not part of the trail: one row per member and case,
    rewritten (at most once a request) by `case_visit_mark`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # No cascade: a visit is not among what a case deletion lists (cases/deletion.py);
    # case_delete removes the case's visits itself.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    last_seen = models.DateTimeField()
    # The end of the visit before this one: changes after it are new to the member.
    previous_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="one_visit_per_member_and_case")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.case_id} at {self.last_seen:%Y-%m-%d %H:%M}"
