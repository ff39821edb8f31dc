"""The `peacetrack` command: serve, worker, demo, createuser, methodology, case list/export/import,
advise, jobs prune.

Errors go to stderr with exit code 2 (bad input) or 1 (other failures). What it prints for people
is in the shell's language (PEACETRACK_LANGUAGE, else LC_ALL, LC_MESSAGES or LANG) where
Peacetrack has it; argparse's help stays English. `peacetrack` is not a Django app, so these
strings are kept in the case file's catalogue (peacetrack/casefile/locale; its makemessages run
does not see this file: extract it with xgettext and merge, see that catalogue's README).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one server per data folder there
    fcntl = None  # type: ignore[assignment]

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CliError(Exception):
    pass


def _setup(*, database: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    _activate_language()
    if database:
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        # With MIGRATION_DATABASE_URL the schema changes as the tables' owner; the app's own
        # connection ("default") never needs that right (docs/deployment.md).
        alias = "migrations" if "migrations" in settings.DATABASES else "default"
        call_command("migrate", database=alias, verbosity=0, interactive=False)
        if alias != "default":
            connections[alias].close()


def _shell_language() -> str:
    """The language the shell asks for ("fr" from "fr_FR.UTF-8"), "" for none or C/POSIX."""
    for name in ("PEACETRACK_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(".", 1)[0].split("@", 1)[0]
            return "" if code in {"C", "POSIX"} else code
    return ""


def _activate_language() -> None:
    from django.utils import translation

    code = _shell_language()
    if not code:
        return
    # A language Peacetrack does not offer: the default one.
    with contextlib.suppress(LookupError):
        translation.activate(
            translation.get_supported_language_variant(translation.to_language(code))
        )


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    _collect_static()
    from django.conf import settings

    from peacetrack.demo import DEMO_PASSWORD, demo_load, demo_logins

    if not args.no_demo:
        _case, loaded = demo_load()
        if loaded:
            print(_("Loaded the demo case."))
    threads = args.threads or (8 if args.workers == 1 else 4)
    print(_("Peacetrack is running at %(url)s") % {"url": f"http://{args.host}:{args.port}/"})
    print(
        ngettext(
            "%(workers)d web process of %(threads)d threads, and a worker for background jobs.",
            "%(workers)d web processes of %(threads)d threads each, and a worker for "
            "background jobs.",
            args.workers,
        )
        % {"workers": args.workers, "threads": threads}
    )
    print(_("Data folder: %(folder)s") % {"folder": settings.DATA_DIR})
    logins = demo_logins()
    if logins:
        print(
            _("Demo sign-in: %(email)s / %(password)s  (lead mediator)")
            % {"email": logins[0]["email"], "password": DEMO_PASSWORD}
        )
        print(
            _("Other demo accounts (same password): %(accounts)s")
            % {"accounts": ", ".join(f"{row['email']} ({row['role']})" for row in logins[1:])}
        )
    print(_("Press Ctrl+C to stop."), flush=True)
    # A stop request (a service manager, a test) must still stop the job worker (finally below);
    # gunicorn installs its own handlers and exits the same way.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    jobs = _job_worker_start()
    try:
        if args.workers == 1:
            from waitress import serve

            from config.wsgi import application

            serve(application, host=args.host, port=args.port, threads=threads, _quiet=True)
        else:
            _gunicorn_run(host=args.host, port=args.port, workers=args.workers, threads=threads)
    finally:
        _job_worker_stop(jobs)
    return 0


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _job_worker_start() -> subprocess.Popen[bytes]:
    """The job queue's consumer (`peacetrack worker`), in a process of its own: heavy jobs such
    as a network analysis never hold up the web process. On Linux it stops with its parent even
    if the parent is killed outright."""
    return subprocess.Popen(
        [sys.executable, "-m", "peacetrack.cli", "worker"],
        preexec_fn=_stop_with_parent if sys.platform == "linux" else None,
    )


def _stop_with_parent() -> None:
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _job_worker_stop(process: subprocess.Popen[bytes]) -> None:
    # SIGINT is huey's graceful stop: jobs under way finish first (for a while).
    if process.poll() is None:
        process.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _gunicorn_run(*, host: str, port: int, workers: int, threads: int) -> None:
    """Several web processes (gunicorn, threaded workers), each loading the app after the fork:
    they share only the database, the cache and the job queue (settings.CACHES)."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": f"[{host}]:{port}"
        if ":" in host and not host.startswith("[")
        else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # Browsers and proxies reuse connections for longer than gunicorn's 2 s default; under
        # load a shorter keep-alive resets connections mid-request (seen in bench/load.py).
        "keepalive": 10,
        "proc_name": "peacetrack",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn is not typed
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from config.wsgi import application

            return application

    # The migrations' and the demo's connections must not be shared by the forked workers.
    connections.close_all()
    Server().run()


def cmd_worker(args: argparse.Namespace) -> int:
    _setup(database=False)
    from django.core.management import call_command

    # Quiet: warnings and failed jobs only (huey's own log, on standard error).
    call_command("run_huey", verbose=False)
    return 0


def _collect_static() -> None:
    """Static files into the data folder under hashed names, with compressed copies, at every
    start: an upgraded app never serves the old ones, and browsers may keep each for a year."""
    from django.conf import settings
    from django.core.management import call_command

    # Several servers started at once on one data folder (``--workers`` under systemd, or two
    # services) would otherwise copy and post-process into one folder together, and one of them
    # fails on a file the other has just replaced. The lock makes them take turns.
    lock_path = Path(settings.STATIC_ROOT).parent / "static.lock"
    with open(lock_path, "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        finally:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_UN)


def cmd_demo(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.demo import DEMO_LEAD, DEMO_PASSWORD, demo_load

    case, loaded = demo_load(reset=args.reset)
    names = {"id": case.public_id, "title": case.title}
    if loaded:
        print(_("Demo case %(id)s “%(title)s” loaded.") % names)
    else:
        print(
            _("Demo case %(id)s “%(title)s” already present (use --reset to load it again).")
            % names
        )
    print(
        _("Sign in as %(email)s / %(password)s") % {"email": DEMO_LEAD, "password": DEMO_PASSWORD}
    )
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import ValidationError

    from peacetrack.accounts.services import profile_of, user_create

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password again: ")):
            raise CliError(_("the two passwords differ"))
    else:
        raise CliError(_("give the password on standard input with --password-stdin"))
    try:
        user = user_create(
            email=args.email, password=password, name=args.name or "", organiser=args.organiser
        )
    except ValidationError as exc:
        raise CliError(" ".join(exc.messages)) from None
    profile = profile_of(user)
    roles = [
        label
        for label, flag in [
            (_("case organiser"), profile.is_organiser),
            (_("site administrator"), profile.is_site_admin),
        ]
        if flag
    ]
    if roles:
        print(
            _("Created user %(email)s (%(roles)s).")
            % {"email": user.email, "roles": ", ".join(roles)}
        )
    else:
        print(_("Created user %(email)s.") % {"email": user.email})
    return 0


def cmd_user_reset_link(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from peacetrack.accounts.services import password_reset_link_make, user_find

    user = user_find(args.email)
    if user is None:
        raise CliError(_("there is no account %(email)s") % {"email": args.email})
    base = args.base_url or f"http://{settings.ALLOWED_HOSTS[0]}:8000/"
    try:
        link = password_reset_link_make(actor=None, user=user, base_url=base)
    except ValidationError as exc:
        raise CliError(" ".join(exc.messages)) from None
    if link is None:
        print(_("Mailed a one-time password link to %(email)s.") % {"email": user.email})
    else:
        print(link)
    return 0


def cmd_security_prune(args: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import ValidationError

    from peacetrack.accounts.services import security_log_prune

    try:
        removed = security_log_prune(older_than_days=args.days)
    except ValidationError as exc:
        raise CliError(" ".join(exc.messages)) from None
    print(
        ngettext(
            "Removed %(count)d security-log entry.",
            "Removed %(count)d security-log entries.",
            removed,
        )
        % {"count": removed}
    )
    return 0


def cmd_methodology(args: argparse.Namespace) -> int:
    _setup(database=False)
    from peacetrack.methodology.loader import get_methodology

    methodology = get_methodology()
    if args.json:
        json.dump(methodology.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for step in methodology.steps:
        print(_("Step %(key)s. %(title)s") % {"key": step.key, "title": step.title})
        for activity in step.activities:
            print(f"  {activity.key} {activity.title}")
            for task in activity.tasks:
                print(f"    {task.key} {task.title}")
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.cases.models import Case, Membership, Role, TaskProgress
    from peacetrack.cases.progress import progress_from_statuses

    cases = list(Case.objects.order_by("id"))
    rows: dict[int, list[tuple[str, str]]] = {case.pk: [] for case in cases}
    for case_id, key, status in TaskProgress.objects.values_list("case_id", "task_key", "status"):
        rows.setdefault(case_id, []).append((key, status))
    leads: dict[int, str] = {}
    for case_id, email in (
        Membership.objects.filter(role=Role.LEAD)
        .values_list("case_id", "user__email")
        .order_by("id")
    ):
        leads.setdefault(case_id, email)
    if args.json:
        json.dump(
            [
                {
                    "id": c.public_id,
                    "title": c.title,
                    "status": c.status,
                    "lead": leads.get(c.pk),
                    "progress_percent": progress_from_statuses(rows[c.pk]).overall.percent,
                }
                for c in cases
            ],
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    if not cases:
        print(_("No cases. Load the demo with `peacetrack demo` or import a case file."))
        return 0
    # Column headings of the table (padded to the columns' widths).
    heading = {
        "id": _("ID"),
        "status": _("STATUS"),
        "done": _("DONE"),
        "title": _("TITLE"),
        "lead": _("LEAD"),
    }
    print(
        f"{heading['id']:<10}  {heading['status']:<10} {heading['done']:>5}  "
        f"{heading['title']:<40} {heading['lead']}"
    )
    for case in cases:
        percent = progress_from_statuses(rows[case.pk]).overall.percent
        print(
            f"{case.public_id:<10}  {case.status:<10} {percent:>4}%  {case.title[:40]:<40} "
            f"{leads.get(case.pk, '—')}"
        )
    return 0


def cmd_jobs_prune(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.jobs.services import job_prune

    removed = job_prune()
    print(
        ngettext(
            "Deleted %(count)d expired job file.",
            "Deleted %(count)d expired job files.",
            removed,
        )
        % {"count": removed}
    )
    return 0


def cmd_case_export(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.casefile.export import case_export_chunks
    from peacetrack.cases.models import Case

    case = Case.objects.filter(public_id=args.case_id).first()
    if case is None:
        raise CliError(_("there is no case %(id)s") % {"id": args.case_id})
    # Written as it is read (bounded memory, however large the case).
    if args.output and args.output != "-":
        with Path(args.output).open("wb") as output:
            for chunk in case_export_chunks(case):
                output.write(chunk)
        print(
            _("Wrote case %(id)s to %(file)s") % {"id": case.public_id, "file": args.output},
            file=sys.stderr,
        )
    else:
        for chunk in case_export_chunks(case):
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    return 0


def _advise_text(case: Any, findings: list[Any]) -> None:
    """Findings grouped by severity, each with its message, facts and recommendation."""
    import textwrap

    from django.utils.translation import pgettext

    from peacetrack.advisor.present import finding_text

    severities = {
        "high": pgettext("finding severity", "High"),
        "medium": pgettext("finding severity", "Medium"),
        "low": pgettext("finding severity", "Low"),
    }
    kinds = {
        "gap": pgettext("finding kind", "gap"),
        "risk": pgettext("finding kind", "risk"),
        "option": pgettext("finding kind", "option"),
    }
    statuses = {
        "open": pgettext("finding status", "open"),
        "pending": pgettext("finding status", "pending: an analysis is being recomputed"),
        "acknowledged": pgettext("finding status", "acknowledged"),
        "dismissed": pgettext("finding status", "dismissed"),
    }

    def wrapped(text: str, indent: str, first: str | None = None) -> str:
        return textwrap.fill(
            " ".join(text.split()),
            width=88,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
        )

    print(
        ngettext(
            "%(count)d finding on “%(title)s” (%(id)s)",
            "%(count)d findings on “%(title)s” (%(id)s)",
            len(findings),
        )
        % {"count": len(findings), "title": case.title, "id": case.public_id}
    )
    if not findings:
        print(_("Nothing to report: no rule fires on this case as it stands."))
    for severity, heading in severities.items():
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        print()
        print(f"{heading} ({len(group)})")
        print("=" * (len(heading) + len(str(len(group))) + 3))
        for finding in group:
            text = finding_text(finding)
            print()
            print(f"* {text.title}")
            print(
                "  "
                + _("%(rule)s · task %(task)s · %(kind)s · %(status)s")
                % {
                    "rule": finding.rule.id,
                    "task": finding.task_key,
                    "kind": kinds.get(finding.kind, finding.kind),
                    "status": statuses.get(finding.status, finding.status),
                }
            )
            review = finding.review
            if review is not None and review.reason:
                print(
                    wrapped(
                        _("Reason given by %(by)s: %(reason)s")
                        % {"by": review.by, "reason": review.reason},
                        "  ",
                    )
                )
            if text.message:
                print(wrapped(text.message, "  "))
            if text.facts:
                print("  " + _("Facts:"))
                for fact in text.facts:
                    print(wrapped(f"{fact.ref.label}: {fact.why}", "      ", "    - "))
            if text.recommendation:
                print(wrapped(_("Recommendation: %(text)s") % {"text": text.recommendation}, "  "))


def cmd_advise(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.advisor.as_json import case_json, finding_json
    from peacetrack.advisor.selectors import findings_for
    from peacetrack.cases.access import CaseAccess
    from peacetrack.cases.models import Case, Membership, Role

    case = Case.objects.filter(public_id=args.case_id).first()
    if case is None:
        print(
            "peacetrack: error: "
            + _("there is no case %(id)s (`peacetrack case list` shows the cases)")
            % {"id": args.case_id},
            file=sys.stderr,
        )
        return 1
    # The server's operator reads the case as its mediation team does: as its lead mediator.
    lead = (
        Membership.objects.filter(case=case, role=Role.LEAD)
        .select_related("case", "party")
        .order_by("id")
        .first()
    )
    if lead is None:  # (a case always keeps a lead mediator)
        print("peacetrack: error: " + _("the case has no lead mediator"), file=sys.stderr)
        return 1
    findings = findings_for(access=CaseAccess(case=case, membership=lead))
    if args.json:
        json.dump(
            {"case": case_json(case), "findings": [finding_json(f) for f in findings]},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    _advise_text(case, findings)
    return 0


def _progress_printer() -> Callable[[int, str], None]:
    """Progress lines on stderr ("  40% Writing the case"), one per change: stdout stays the
    command's result, for scripts."""
    last: list[tuple[int, str]] = []

    def show(percent: int, message: str) -> None:
        if last and last[-1] == (percent, message):
            return
        last[:] = [(percent, message)]
        print(f"{percent:4d}% {message}", file=sys.stderr, flush=True)

    return show


def cmd_case_import(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.casefile.errors import CaseFileError
    from peacetrack.casefile.importer import case_import
    from peacetrack.casefile.reading import check_size

    path = Path(args.file)
    if not path.is_file():
        raise CliError(_("%(file)s: no such file") % {"file": path})
    from peacetrack.accounts.services import profile_of, user_find

    importer = user_find(args.as_email)
    if importer is None or not importer.is_active or not profile_of(importer).is_organiser:
        raise CliError(
            _("%(email)s is not an active case organiser on this server") % {"email": args.as_email}
        )
    try:
        check_size(path.stat().st_size)
        case = case_import(
            path.read_bytes(), actor=importer, as_copy=args.as_copy, progress=_progress_printer()
        )
    except CaseFileError as exc:
        raise CliError(
            _("%(file)s: nothing was imported:\n  %(problems)s")
            % {"file": path, "problems": "\n  ".join(exc.lines)}
        ) from None
    print(
        _("Imported case %(id)s “%(title)s” with %(email)s as lead mediator.")
        % {"id": case.public_id, "title": case.title, "email": importer.email}
    )
    print(_("The file's other members are invitations: send them from the case's Members page."))
    return 0


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacetrack", description="Peacetrack: a workbench for mediation processes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the web app (loads the demo case on first run)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo case")
    serve.add_argument(
        "--workers",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="web processes (N > 1: gunicorn, for a team server; default 1)",
    )
    serve.add_argument(
        "--threads",
        type=_at_least_one,
        metavar="N",
        help="threads per web process (default 8 with one process, 4 with --workers)",
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser(
        "worker", help="run a worker for background jobs only (serve starts one itself)"
    )
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help="load the demo case (or --reset it)")
    demo.add_argument("--reset", action="store_true", help="remove the demo case and load it anew")
    demo.set_defaults(func=cmd_demo)

    createuser = sub.add_parser("createuser", help="create a user account")
    createuser.add_argument("email")
    createuser.add_argument("--name", help="full name")
    createuser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    createuser.add_argument(
        "--organiser", action="store_true", help="may open cases (the first account always may)"
    )
    createuser.set_defaults(func=cmd_createuser)

    user = sub.add_parser("user", help="account tools for the server's operator")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    reset = user_sub.add_parser(
        "reset-link",
        help="make a one-time link to choose a new password (mailed if mail is set up)",
    )
    reset.add_argument("email")
    reset.add_argument(
        "--base-url", help="the server's address, e.g. https://peacetrack.example.org/"
    )
    reset.set_defaults(func=cmd_user_reset_link)

    security = sub.add_parser("security", help="the security log of failed sign-ins")
    security_sub = security.add_subparsers(dest="security_command", required=True, metavar="ACTION")
    prune = security_sub.add_parser("prune", help="remove old entries")
    prune.add_argument("--days", type=int, help="keep this many days (default: SECURITY_LOG_DAYS)")
    prune.set_defaults(func=cmd_security_prune)

    jobs = sub.add_parser("jobs", help="background jobs and the files they made")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", required=True, metavar="ACTION")
    jobs_prune = jobs_sub.add_parser(
        "prune", help="delete the files of finished jobs whose time is up (JOBS_RESULT_HOURS)"
    )
    jobs_prune.set_defaults(func=cmd_jobs_prune)

    methodology = sub.add_parser("methodology", help="print the methodology")
    methodology.add_argument("--json", action="store_true", help="the whole data set as JSON")
    methodology.set_defaults(func=cmd_methodology)

    case = sub.add_parser("case", help="list, export and import cases")
    case_sub = case.add_subparsers(dest="case_command", required=True, metavar="ACTION")
    listing = case_sub.add_parser("list", help="list all cases")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_case_list)
    export = case_sub.add_parser("export", help="write a case as a case file")
    export.add_argument("case_id", help="the case's id, as `peacetrack case list` shows it")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_case_export)
    importing = case_sub.add_parser("import", help="create a case from a case file")
    importing.add_argument("file")
    importing.add_argument(
        "--as",
        dest="as_email",
        required=True,
        metavar="EMAIL",
        help="the case organiser who imports it and becomes its lead mediator",
    )
    importing.add_argument(
        "--as-copy",
        action="store_true",
        help="if the file's case is already here, import it as a copy",
    )
    importing.set_defaults(func=cmd_case_import)

    advise = sub.add_parser(
        "advise", help="print the advisor's findings on a case, most severe first"
    )
    advise.add_argument("case_id", help="the case's id, as `peacetrack case list` shows it")
    advise.add_argument(
        "--json", action="store_true", help='as JSON: {"case": {...}, "findings": [...]}'
    )
    advise.set_defaults(func=cmd_advise)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"peacetrack: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except ImproperlyConfigured as exc:
        print(f"peacetrack: configuration error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
