"""Typed shape of the methodology data (validated when the app starts)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_WORD = re.compile(r"\b[\w'’-]+\b")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Strict):
    key: str = Field(pattern=r"^[1-6]\.\d+\.\d+$")
    title: str = Field(min_length=3)
    guidance: str
    questions: tuple[str, ...] = Field(min_length=3)
    checkpoints: tuple[str, ...] = Field(min_length=1)
    # What our guidance adds to the handbook, said as such: practice, later events, our own
    # procedure. Shown apart from the guidance, under "Beyond the handbook".
    beyond_handbook: str = ""

    @field_validator("guidance")
    @classmethod
    def _guidance_length(cls, value: str) -> str:
        words = word_count(value)
        if not 80 <= words <= 250:
            raise ValueError(f"guidance must be 80-250 words, has {words}")
        return value.strip()

    @field_validator("beyond_handbook")
    @classmethod
    def _beyond_handbook_length(cls, value: str) -> str:
        if value.strip() and word_count(value) > 120:
            raise ValueError("beyond_handbook must be at most 120 words")
        return value.strip()

    @property
    def step_key(self) -> str:
        return self.key.split(".")[0]

    @property
    def activity_key(self) -> str:
        return ".".join(self.key.split(".")[:2])


class Activity(_Strict):
    key: str = Field(pattern=r"^[1-6]\.\d+$")
    title: str
    summary: str = ""
    tasks: tuple[Task, ...] = Field(min_length=1)


class Step(_Strict):
    key: str = Field(pattern=r"^[1-6]$")
    title: str
    summary: str = ""
    activities: tuple[Activity, ...] = Field(min_length=1)


class ListItem(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    description: str


class HandbookList(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    step: str = Field(pattern=r"^[1-6]$")
    tasks: tuple[str, ...] = ()
    description: str = ""
    items: tuple[ListItem, ...] = Field(min_length=1)


class Example(_Strict):
    key: str = Field(pattern=r"^[a-z0-9-]+$")
    case: str
    years: str
    actors: tuple[str, ...] = ()
    what_happened: str
    lesson: str
    step: str = Field(pattern=r"^[1-6]$")
    tasks: tuple[str, ...] = Field(min_length=1)
    # What the public record adds to (or corrects in) the handbook's telling: later events,
    # dates the handbook leaves out. Shown apart, under "Beyond the handbook".
    beyond_handbook: str = ""


class Source(_Strict):
    title: str
    series: str
    publisher: str
    authors: str
    year: int
    note: str
