"""Why a case file was refused: every problem found, each with its place in the file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Path  # keys and positions from the top of the file, e.g. ("notes", 3, "author")
    message: str

    @property
    def pointer(self) -> str:
        """The JSON Pointer (RFC 6901), for people who fix the file in an editor."""
        return "/" + "/".join(str(part) for part in self.path) if self.path else ""

    @property
    def place(self) -> str:
        """The place in words: "notes › item 4 › author" (items count from 1)."""
        if not self.path:
            return _("the file")
        words = [
            _("item %(number)d") % {"number": part + 1} if isinstance(part, int) else part
            for part in self.path
        ]
        return " › ".join(words)

    def __str__(self) -> str:
        if not self.path:
            return self.message
        return f"{self.place} ({self.pointer}): {self.message}"


class CaseFileError(Exception):
    """A case file was refused. `problems` lists what is wrong and where (at most
    CASEFILE_MAX_PROBLEMS of them); nothing was imported."""

    def __init__(self, message: str = "", problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems) or [Problem((), message)]
        super().__init__(message or "; ".join(str(p) for p in self.problems))

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class CaseAlreadyHere(CaseFileError):
    """The file's case is already on this server and the importing user is a member of it.
    (Anyone else gets a plain new case: the refusal would tell them the case exists.)"""

    def __init__(self, *, title: str, copy_title: str) -> None:
        self.title = title
        self.copy_title = copy_title
        super().__init__(
            _(
                "this case is already on this server (“%(title)s”). To import the file anyway, "
                "import it as a copy: it will be called “%(copy)s”."
            )
            % {"title": title, "copy": copy_title}
        )


class ImportRateLimited(CaseFileError):
    """Too many imports by one user within an hour (CASEFILE_IMPORTS_PER_HOUR)."""
