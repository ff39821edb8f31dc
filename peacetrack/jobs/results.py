"""The files jobs make: confidential (a whole case), so kept outside every served folder,
under JOBS_RESULT_DIR, with random names, and only ever sent by the download route after
its access check."""

from __future__ import annotations

import datetime
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone

from peacetrack.jobs.models import Job, JobStatus

# Only the app's own user may read them, whatever the server's umask: folders 0700, files 0600.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def result_dir() -> Path:
    folder = Path(settings.JOBS_RESULT_DIR)
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return folder


def _private_open(path: Path) -> int:
    """A new file that only the app's user can read (created so, never widened later)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)


def result_path(name: str) -> Path:
    return result_dir() / name


def result_write(chunks: Iterable[bytes]) -> tuple[str, int]:
    """Write `chunks` to a new file as they come; its name and size. Written under a
    temporary name then renamed, so a half-written file is never offered."""
    name = f"{secrets.token_hex(16)}.result"
    final = result_path(name)
    partial = final.with_suffix(".partial")
    size = 0
    with open(_private_open(partial), "wb") as output:
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


# Files people upload for a job (a case file to import): as confidential as results, kept in
# their own folder (pruning results leaves it alone) and deleted by the job that reads them.
UPLOAD_FOLDER = "uploads"
UPLOAD_HOURS = 24  # a job still waiting after a day has lost its worker: its upload goes


def upload_path(name: str) -> Path:
    return result_dir() / UPLOAD_FOLDER / name


def upload_save(raw: bytes) -> str:
    """Keep an uploaded file for a job to read; the name to give the job."""
    name = f"{secrets.token_hex(16)}.upload"
    path = upload_path(name)
    path.parent.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    with open(_private_open(path), "wb") as output:
        output.write(raw)
    return name


def upload_delete(name: str) -> None:
    upload_path(name).unlink(missing_ok=True)


def upload_prune(*, now: datetime.datetime) -> int:
    """Delete uploads older than UPLOAD_HOURS (their job never ran); how many."""
    folder = result_dir() / UPLOAD_FOLDER
    if not folder.is_dir():
        return 0
    cutoff = now.timestamp() - UPLOAD_HOURS * 3600
    old = [path for path in folder.iterdir() if path.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


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
