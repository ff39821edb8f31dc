"""The advisor's forms: the findings page's filters, and a dismissal's reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peacetrack.advisor.display import KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS
from peacetrack.advisor.engine import Finding
from peacetrack.advisor.services import REASON_MAX
from peacetrack.methodology.loader import get_methodology


def _step_choices() -> list[tuple[str, str]]:
    return [(step.key, str(_("Step %(n)s") % {"n": step.key})) for step in get_methodology().steps]


class FindingFilterForm(forms.Form):
    """The findings page's filters (GET). A value the form does not know is ignored (the
    page says so), never an error page: a link may come from an older version."""

    step = forms.ChoiceField(label=_("Step"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *KIND_LABELS.items()]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All")), *SEVERITY_LABELS.items()]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *STATUS_LABELS.items()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        step = self.fields["step"]
        assert isinstance(step, forms.ChoiceField)
        step.choices = [("", _("All")), *_step_choices()]

    def applied(self) -> dict[str, str]:
        """The filters understood (call after is_valid(): the fields in error are left out)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value
        }

    def ignored(self) -> list[str]:
        """The labels of the filters whose value was not understood."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors]

    def choices(self) -> list[tuple[str, str, list[tuple[str, str]], str]]:
        """(name, label, [(value, text)], current) for each filter, as the template draws."""
        current = self.applied()
        return [
            (
                name,
                str(field.label),
                [(str(v), str(t)) for v, t in field.choices if v],  # type: ignore[attr-defined]
                current.get(name, ""),
            )
            for name, field in self.fields.items()
        ]


def findings_filtered(findings: Iterable[Finding], applied: dict[str, str]) -> list[Finding]:
    return [
        f
        for f in findings
        if all(
            getattr(f, name) == value
            for name, value in applied.items()
            if name in {"step", "kind", "severity", "status"}
        )
    ]


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does this finding not apply?"),
        help_text=_(
            "The team reads this reason beside the dismissed finding. It comes back by itself "
            "when the facts behind it change."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the finding does not apply.")},
    )
