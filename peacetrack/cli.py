"""The `peacetrack` command: serve, demo, createuser, methodology, case list/export/import.

Errors go to stderr with exit code 2 (bad input) or 1 (other failures).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


class CliError(Exception):
    pass


def _setup(*, database: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
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


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from waitress import serve

    from config.wsgi import application
    from peacetrack.demo import DEMO_PASSWORD, demo_load, demo_logins

    if not args.no_demo:
        _, loaded = demo_load()
        if loaded:
            print("Loaded the demo case.")
    print(f"Peacetrack is running at http://{args.host}:{args.port}/")
    print(f"Data folder: {settings.DATA_DIR}")
    logins = demo_logins()
    if logins:
        print(f"Demo sign-in: {logins[0]['email']} / {DEMO_PASSWORD}  (lead mediator)")
        print(
            "Other demo accounts (same password): "
            + ", ".join(f"{row['email']} ({row['role']})" for row in logins[1:])
        )
    print("Press Ctrl+C to stop.", flush=True)
    serve(application, host=args.host, port=args.port, threads=8, _quiet=True)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.demo import DEMO_PASSWORD, demo_load

    case, loaded = demo_load(reset=args.reset)
    state = "loaded" if loaded else "already present (use --reset to load it again)"
    print(f"Demo case {case.public_id} “{case.title}” {state}.")
    print(f"Sign in as lead@demo.peacetrack.org / {DEMO_PASSWORD}")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import ValidationError

    from peacetrack.accounts.services import profile_of, user_create

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            raise CliError("the two passwords differ")
    else:
        raise CliError("give the password on standard input with --password-stdin")
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
            ("case organiser", profile.is_organiser),
            ("site administrator", profile.is_site_admin),
        ]
        if flag
    ]
    print(f"Created user {user.email}" + (f" ({', '.join(roles)})." if roles else "."))
    return 0


def cmd_user_reset_link(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from peacetrack.accounts.services import password_reset_link_make, user_find

    user = user_find(args.email)
    if user is None:
        raise CliError(f"there is no account {args.email}")
    base = args.base_url or f"http://{settings.ALLOWED_HOSTS[0]}:8000/"
    try:
        link = password_reset_link_make(actor=None, user=user, base_url=base)
    except ValidationError as exc:
        raise CliError(" ".join(exc.messages)) from None
    if link is None:
        print(f"Mailed a one-time password link to {user.email}.")
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
    print(f"Removed {removed} security-log entries.")
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
        print(f"Step {step.key}. {step.title}")
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
        print("No cases. Load the demo with `peacetrack demo` or import a case file.")
        return 0
    print(f"{'ID':<10}  {'STATUS':<10} {'DONE':>5}  {'TITLE':<40} LEAD")
    for case in cases:
        percent = progress_from_statuses(rows[case.pk]).overall.percent
        print(
            f"{case.public_id:<10}  {case.status:<10} {percent:>4}%  {case.title[:40]:<40} "
            f"{leads.get(case.pk, '—')}"
        )
    return 0


def cmd_case_export(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.casefile.export import case_export_json
    from peacetrack.cases.models import Case

    case = Case.objects.filter(public_id=args.case_id).first()
    if case is None:
        raise CliError(f"there is no case {args.case_id}")
    text = case_export_json(case)
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote case {case.public_id} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_case_import(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.casefile.errors import CaseFileError
    from peacetrack.casefile.importer import case_import
    from peacetrack.casefile.reading import check_size

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    from peacetrack.accounts.services import profile_of, user_find

    importer = user_find(args.as_email)
    if importer is None or not importer.is_active or not profile_of(importer).is_organiser:
        raise CliError(f"{args.as_email} is not an active case organiser on this server")
    try:
        check_size(path.stat().st_size)
        case = case_import(path.read_bytes(), actor=importer, as_copy=args.as_copy)
    except CaseFileError as exc:
        raise CliError(f"{path}: nothing was imported:\n  " + "\n  ".join(exc.lines)) from None
    print(f"Imported case {case.public_id} “{case.title}” with {importer.email} as lead mediator.")
    print("The file's other members are invitations: send them from the case's Members page.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacetrack", description="Peacetrack: a workbench for mediation processes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the web app (loads the demo case on first run)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo case")
    serve.set_defaults(func=cmd_serve)

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
