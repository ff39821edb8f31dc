"""The record core (cases/records.py): what every capability's records inherit."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.apps.registry import Apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from peacetrack.cases.records import CaseRecord, Provenance


def _case_record_models() -> list[type[CaseRecord]]:
    return [m for m in apps.get_models() if issubclass(m, CaseRecord)]


def test_every_case_record_table_carries_the_party_visibility_constraint():
    found = _case_record_models()
    assert found  # step 1's twelve types at least
    for model in found:
        names = {c.name for c in model._meta.constraints}
        expected = f"{model._meta.app_label}_{model._meta.model_name}_visibility_has_party"
        assert expected in names, f"{model.__name__} lost the constraint (Meta must extend it)"


def test_every_case_record_type_says_which_task_it_serves():
    for model in _case_record_models():
        assert model.assigned_task is not CaseRecord.assigned_task, model.__name__


class _Probe(Provenance):
    """A record that opts in to provenance, in a registry of its own (so no migration)."""

    class Meta:
        app_label = "cases"
        apps = Apps()


def _probe(**values):
    return _Probe(**values)


def test_provenance_is_optional():
    _probe().full_clean()


def test_provenance_takes_source_date_confidence_and_allegation():
    probe = _probe(
        source_note="A field report",
        information_date=timezone.localdate(),
        confidence="high",
        alleged_by="The government's spokesman",
    )
    probe.full_clean()
    assert probe.get_confidence_display() == "High"


def test_information_from_the_future_is_refused():
    probe = _probe(information_date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        probe.full_clean()
    assert caught.value.message_dict == {
        "information_date": ["The date of the information cannot be in the future."]
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("confidence", "certain"), ("source_note", "x" * 501), ("alleged_by", "x" * 201)],
)
def test_provenance_values_out_of_bounds_are_refused(field, value):
    with pytest.raises(ValidationError) as caught:
        _probe(**{field: value}).full_clean()
    assert field in caught.value.message_dict


def test_provenance_fields_are_plain_columns():
    fields = {f.name: f for f in Provenance._meta.get_fields()}
    assert isinstance(fields["information_date"], models.DateField)
    assert fields["source_note"].max_length == 500
    assert fields["alleged_by"].max_length == 200


@pytest.mark.django_db
def test_a_note_is_a_case_record_held_by_the_same_constraint(world):
    from django.db import IntegrityError, transaction

    from peacetrack.cases.models import TaskNote

    note = world.notes["team"]
    assert isinstance(note, CaseRecord)
    assert note.assigned_task() == "1.1.1"
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskNote.objects.filter(pk=note.pk).update(visibility="party")
