"""The audit trail's filter: record type, person, date range."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peacetrack.audit.actions import record_kinds


class TrailFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Record type"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)
    since = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        """`people`: (value, name) of each person the filter offers."""
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("All record types"))] + [
            (kind.object_type, str(kind.label)) for kind in record_kinds() if kind.on_case
        ]
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)
        person_field.choices = [("", _("Everyone")), *people]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            raise ValidationError(_("The end date is before the start date."))
        return data

    def moments(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The date range as moments: from the start of `since` to the end of `until`."""
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(since, datetime.time(), zone) if since else None
        end = (
            datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time(), zone)
            if until and until < datetime.date.max
            else None
        )
        return start, end
