"""The `peacetrack` command: serve, demo, createuser, methodology, case list/export/import.

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
import sys
from pathlib import Path

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
    from waitress import serve

    from config.wsgi import application
    from peacetrack.demo import DEMO_PASSWORD, demo_load, demo_logins

    if not args.no_demo:
        _case, loaded = demo_load()
        if loaded:
            print(_("Loaded the demo case."))
    print(_("Peacetrack is running at %(url)s") % {"url": f"http://{args.host}:{args.port}/"})
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
    serve(application, host=args.host, port=args.port, threads=8, _quiet=True)
    return 0


def _collect_static() -> None:
    """Static files into the data folder under hashed names, with compressed copies, at every
    start: an upgraded app never serves the old ones, and browsers may keep each for a year."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


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


def cmd_case_export(args: argparse.Namespace) -> int:
    _setup()
    from peacetrack.casefile.export import case_export_json
    from peacetrack.cases.models import Case

    case = Case.objects.filter(public_id=args.case_id).first()
    if case is None:
        raise CliError(_("there is no case %(id)s") % {"id": args.case_id})
    text = case_export_json(case)
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(
            _("Wrote case %(id)s to %(file)s") % {"id": case.public_id, "file": args.output},
            file=sys.stderr,
        )
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
        raise CliError(_("%(file)s: no such file") % {"file": path})
    from peacetrack.accounts.services import profile_of, user_find

    importer = user_find(args.as_email)
    if importer is None or not importer.is_active or not profile_of(importer).is_organiser:
        raise CliError(
            _("%(email)s is not an active case organiser on this server") % {"email": args.as_email}
        )
    try:
        check_size(path.stat().st_size)
        case = case_import(path.read_bytes(), actor=importer, as_copy=args.as_copy)
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
