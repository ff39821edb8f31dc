from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from peacetrack.advisor.briefing.render import FORMATS


class BriefingForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=list(FORMATS.items()),
        initial="pdf",
        widget=forms.RadioSelect,
    )
