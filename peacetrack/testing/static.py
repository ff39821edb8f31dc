"""The test session's static files: collected once, like a server does, so tests run with the
real storage (hashed names, a manifest that refuses a missing file, compressed copies)."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.test.utils import override_settings


def collect_static_for_tests() -> Path:
    """Point STATIC_ROOT at a collected copy of the app's static files and return it.

    The copy sits in the temporary folder under a name made from the source files (paths,
    sizes, modification times) and the storage in use, so a later run with the same files
    reuses it instead of collecting again (a few seconds of hashing and compressing).
    """
    digest = hashlib.sha256(repr(settings.STORAGES["staticfiles"]).encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list(["CVS", ".*", "*~"])):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    root = Path(tempfile.gettempdir()) / f"peacetrack-static-{digest.hexdigest()[:16]}"
    if not (root / "staticfiles.json").exists():
        building = Path(tempfile.mkdtemp(prefix="peacetrack-static-building-"))
        # override_settings resets the storage on the way out, so nothing keeps this path.
        with override_settings(STATIC_ROOT=building):
            call_command("collectstatic", interactive=False, verbosity=0)
        try:
            building.rename(root)
        except OSError:  # another test run, started at the same time, got there first
            shutil.rmtree(building, ignore_errors=True)
    settings.STATIC_ROOT = root
    return root
