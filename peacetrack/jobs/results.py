"""The files jobs make: confidential (a whole case), so kept outside every served folder,
under JOBS_RESULT_DIR, with random names, and only ever sent by the download route after
its access check."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone

from peacetrack.jobs.models import Job, JobStatus


def result_dir() -> Path:
    folder = Path(settings.JOBS_RESULT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def result_path(name: str) -> Path:
    return result_dir() / name


def result_write(chunks: Iterable[bytes]) -> tuple[str, int]:
    """Write `chunks` to a new file as they come; its name and size. Written under a
    temporary name then renamed, so a half-written file is never offered."""
    name = f"{secrets.token_hex(16)}.result"
    final = result_path(name)
    partial = final.with_suffix(".partial")
    size = 0
    with partial.open("wb") as output:
        for chunk in chunks:
            output.write(chunk)
            size += len(chunk)
    os.replace(partial, final)
    return name, size


def result_delete(name: str) -> None:
    if name:
        result_path(name).unlink(missing_ok=True)


def result_names() -> set[str]:
    """Every file in the folder, finished or not."""
    return {path.name for path in result_dir().iterdir() if path.is_file()}


class ResultExpired(Exception):
    """The job's file was deleted, or its time is up (pruning may not have run yet)."""


def result_response(job: Job) -> FileResponse:
    """The job's file as a download, for a requester whose access is checked. Raises
    ResultExpired for a file past its time, FileNotFoundError for a job with no file (yet)."""
    if job.status == JobStatus.EXPIRED or (job.expires_at and job.expires_at <= timezone.now()):
        raise ResultExpired
    if job.status != JobStatus.DONE or not job.result_file:
        raise FileNotFoundError(job.public_id)
    response = FileResponse(
        result_path(job.result_file).open("rb"), as_attachment=True, filename=job.result_name
    )
    response["Cache-Control"] = "no-store"  # confidential: no copy in any cache on the way
    return response
