"""The kinds of background job, declared by the apps that run them.

An app declares a kind once, in its AppConfig.ready():

    register_kind(JobKind(
        key="case_export",
        label=_("Case file export"),
        run=export_run,          # run(job_run: JobRun) -> None, in the queue's worker
        access={"write": True},  # what case_get_for_user must allow the requester
    ))

and starts one with `jobs.services.job_start(case=..., user=..., kind="case_export",
params={...})`. `run` reports progress with `job_run.progress(percent, message)` and saves
its file with `job_run.save_result(chunks=..., filename=...)`; an exception marks the job
failed. `access` is checked when the job starts (by the view) and again whenever its page or
file is opened: someone who has since lost that access gets the same 404 as a stranger.

A kind that makes its case rather than working on one (the case-file import) declares
`access=None` and is started with `case=None`: only case organisers start it and see it, and
its run names the case it made with `job_run.set_case(case)` (its page then links to it).
A run that refuses its input raises `JobRefused(message, details)`: the job fails with that
message and the details listed on its page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

if TYPE_CHECKING:
    from peacetrack.jobs.services import JobRun


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str | Promise
    run: Callable[[JobRun], None]
    # Keyword arguments of cases.access.case_get_for_user; None for a kind that makes a case.
    access: Mapping[str, bool] | None

    @property
    def makes_case(self) -> bool:
        return self.access is None


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"job kind {kind.key!r} is declared twice")
    _KINDS[kind.key] = kind
    return kind


def kind_get(key: str) -> JobKind:
    """The kind registered under `key`; KeyError for a key no app declared."""
    return _KINDS[key]


def kind_label(key: str) -> str:
    """How a kind reads (the audit trail names jobs by it); its key if no app declares it now."""
    kind = _KINDS.get(key)
    return str(kind.label) if kind else key


def unregister_kind(key: str) -> None:
    """For tests that plug in a kind of their own."""
    _KINDS.pop(key, None)
