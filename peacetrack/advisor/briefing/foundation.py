"""The foundation's sections of the briefing: the case on one page, where the process stands
on the six steps, the findings by severity, and the next steps (open and overdue tasks).
Step 1's sections (actors and the map, positions, strength) are analysis/briefing.py's."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peacetrack.advisor.briefing.content import (
    Bars,
    Block,
    Bullets,
    Entry,
    Facts,
    Markdown,
    Paragraph,
    Subheading,
    Table,
)
from peacetrack.advisor.briefing.sections import BriefingSection, section_register
from peacetrack.advisor.display import SEVERITY_LABELS
from peacetrack.advisor.engine import ACKNOWLEDGED, DISMISSED, PENDING
from peacetrack.advisor.present import finding_text
from peacetrack.advisor.selectors import findings_for
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.models import Membership, Party, Role, TaskProgress, TaskStatus
from peacetrack.cases.people import People
from peacetrack.cases.selectors import case_progress
from peacetrack.cases.visibility import mandate_summary_for
from peacetrack.methodology.loader import get_methodology

# The headings of the findings' groups, most severe first (the tags: the pages' labels).
SEVERITIES = [
    ("high", gettext_lazy("High severity")),
    ("medium", gettext_lazy("Medium severity")),
    ("low", gettext_lazy("Low severity")),
]
FINDINGS_MOST = 40  # told in full; the findings page has the rest
DISMISSED_MOST = 15
NEXT_STEPS_MOST = 25
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


def day(value: datetime.date | None) -> str:
    """A date as the reader's language writes it; a dash for none."""
    return date_format(value, "DATE_FORMAT") if value else "—"


def case_section(access: CaseAccess) -> list[Block]:
    """Who, what, where, on whose mandate, with whom: the case at a glance."""
    case = access.case
    leads = Membership.objects.filter(case=case, role=Role.LEAD).select_related("user")
    people = People(access.membership)
    facts = [
        (_("Conflict"), case.conflict),
        (_("Countries / region"), case.region or "—"),
        (_("Case type"), str(case.get_case_type_display())),
        (_("Status"), str(case.get_status_display())),
        (_("Sponsor"), case.sponsor or "—"),
        (_("Started on"), day(case.started_on)),
        (_("Lead mediator"), ", ".join(people.label(m.user) for m in leads) or "—"),
    ]
    blocks: list[Block] = [Facts(tuple(facts))]
    parties = list(Party.objects.filter(case=case).order_by("short_name", "public_id")[:30])
    blocks.append(Subheading(_("Parties to the conflict")))
    if parties:
        blocks.append(
            Table(
                headers=(_("Short name"), _("Name"), _("Kind")),
                rows=tuple((p.short_name, p.name, str(p.get_kind_display())) for p in parties),
            )
        )
    else:
        blocks.append(Paragraph(_("No parties recorded yet."), "muted"))
    mandate = mandate_summary_for(access.membership, case).strip()
    if mandate:
        blocks.append(Subheading(_("Mandate")))
        blocks.append(Markdown(mandate))
    return blocks


def progress_section(access: CaseAccess) -> list[Block]:
    """The six steps, each with the share of its applicable tasks done."""
    progress = case_progress(access.case)
    methodology = get_methodology()
    current = progress.current_step()
    step_title = next(s.title for s in methodology.steps if s.key == current)
    blocks: list[Block] = [
        Paragraph(
            _(
                "The process is at step %(n)s, %(title)s: %(percent)s%% of the applicable "
                "tasks are done overall."
            )
            % {"n": current, "title": step_title, "percent": progress.overall.percent},
            "lead",
        )
    ]
    rows = []
    for step in methodology.steps:
        tally = progress.steps[step.key]
        detail = _("%(done)s of %(applicable)s tasks done, %(started)s in progress") % {
            "done": tally.done,
            "applicable": tally.applicable,
            "started": tally.in_progress,
        }
        label = _("Step %(n)s: %(title)s") % {"n": step.key, "title": step.title}
        rows.append((label, tally.percent, detail))
    blocks.append(Bars(tuple(rows)))
    return blocks


def findings_section(access: CaseAccess) -> list[Block]:
    """What the advisor finds, most severe first, each with the facts behind it and what to
    do; then what the team has set aside, with its reasons."""
    findings = findings_for(access=access)
    current = [f for f in findings if f.status not in (DISMISSED, PENDING)]
    pending = [f for f in findings if f.status == PENDING]
    dismissed = [f for f in findings if f.status == DISMISSED]
    blocks: list[Block] = []
    if not current:
        blocks.append(Paragraph(_("The advisor finds nothing to raise on this case."), "lead"))
    else:
        counts = ", ".join(
            _("%(severity)s: %(count)s")
            % {
                "severity": SEVERITY_LABELS[key],
                "count": sum(1 for f in current if f.severity == key),
            }
            for key, _heading in SEVERITIES
        )
        blocks.append(Paragraph(_("Open findings by severity — %(counts)s.") % {"counts": counts}))
    told = 0
    for key, heading in SEVERITIES:
        group = [f for f in current if f.severity == key]
        if not group or told >= FINDINGS_MOST:
            continue
        blocks.append(Subheading(str(heading)))
        label = SEVERITY_LABELS[key]
        for finding in group[: FINDINGS_MOST - told]:
            told += 1
            text = finding_text(finding)
            tag = str(label)
            if finding.status == ACKNOWLEDGED:
                tag = _("%(severity)s · acknowledged") % {"severity": label}
            blocks.append(
                Entry(
                    title=f"{text.title} ({_('task %(task)s') % {'task': finding.task_key}})",
                    tag=tag,
                    tag_style=key,
                    lines=(
                        (_("Why"), text.message),
                        (_("What to do"), text.recommendation),
                        (_("Settled when"), text.resolves),
                    ),
                    points_label=_("The facts behind it") if text.facts else "",
                    points=tuple(f"{fact.ref.label} — {fact.why}" for fact in text.facts),
                )
            )
    if len(current) > told:
        more = len(current) - told
        blocks.append(
            Paragraph(
                ngettext(
                    "%(n)d more finding is on the case's findings page.",
                    "%(n)d more findings are on the case's findings page.",
                    more,
                )
                % {"n": more},
                "muted",
            )
        )
    if pending:
        blocks.append(
            Paragraph(
                _(
                    "Some rules wait for the actor network's analysis, being recomputed: "
                    "their findings are not in this briefing."
                ),
                "muted",
            )
        )
    if dismissed:
        blocks.append(Subheading(_("Set aside by the team")))
        lines = []
        for finding in dismissed[:DISMISSED_MOST]:
            review = finding.review
            reason = review.reason if review else ""
            who = review.by if review else ""
            lines.append(
                _("%(title)s — “%(reason)s” (%(who)s)")
                % {"title": finding_text(finding).title, "reason": reason, "who": who}
            )
        blocks.append(Bullets(tuple(lines)))
    return blocks


def next_steps_section(access: CaseAccess) -> list[Block]:
    """The open work: overdue tasks first, then those due next, then those under way."""
    today = timezone.localdate()
    methodology = get_methodology()
    people = People(access.membership)
    rows = list(
        TaskProgress.objects.filter(case=access.case, status__in=OPEN_STATUSES).select_related(
            "owner"
        )
    )
    overdue = sorted(
        (r for r in rows if r.due_on and r.due_on < today), key=lambda r: (r.due_on, r.task_key)
    )
    coming = sorted(
        (r for r in rows if r.due_on and r.due_on >= today), key=lambda r: (r.due_on, r.task_key)
    )
    under_way = sorted(
        (r for r in rows if not r.due_on and r.status == TaskStatus.IN_PROGRESS),
        key=lambda r: (
            list(methodology.tasks).index(r.task_key) if r.task_key in methodology.tasks else 0
        ),
    )
    chosen = [*overdue, *coming, *under_way][:NEXT_STEPS_MOST]
    blocks: list[Block] = []
    if overdue:
        blocks.append(
            Paragraph(
                ngettext("%(n)d task is overdue.", "%(n)d tasks are overdue.", len(overdue))
                % {"n": len(overdue)},
                "lead",
            )
        )
    if not chosen:
        blocks.append(Paragraph(_("No task is overdue, due or under way."), "muted"))
        return blocks
    table_rows = []
    for row in chosen:
        title = methodology.tasks[row.task_key].title if row.task_key in methodology.tasks else ""
        when = day(row.due_on)
        if row.due_on and row.due_on < today:
            when = _("%(day)s (overdue)") % {"day": when}
        table_rows.append(
            (
                f"{row.task_key} {title}",
                str(TaskStatus(row.status).label),
                people.label(row.owner, empty="—"),
                when,
            )
        )
    blocks.append(
        Table(
            headers=(_("Task"), _("Status"), _("Owner"), _("Due")),
            rows=tuple(table_rows),
        )
    )
    left = len(overdue) + len(coming) + len(under_way) - len(chosen)
    if left > 0:
        blocks.append(
            Paragraph(
                ngettext(
                    "%(n)d more open task is on the dashboard.",
                    "%(n)d more open tasks are on the dashboard.",
                    left,
                )
                % {"n": left},
                "muted",
            )
        )
    return blocks


def register() -> None:
    section_register(
        BriefingSection("case", gettext_lazy("The case on one page"), 10, case_section)
    )
    section_register(
        BriefingSection("progress", gettext_lazy("Where the process stands"), 20, progress_section)
    )
    section_register(
        BriefingSection("findings", gettext_lazy("Findings, by severity"), 70, findings_section)
    )
    section_register(
        BriefingSection("next-steps", gettext_lazy("Next steps"), 80, next_steps_section)
    )
