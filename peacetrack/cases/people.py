"""How a person is named to whoever reads a page, an API answer or an export.

A party delegate or a Track-II partner sees a person only if the members list shows them that
person (cases/access.py `members_visible_query`); anyone else is "the mediation team". Every
author, owner and actor shown on a case goes through here: one rule, one place.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from peacetrack.accounts.types import Person
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.access import members_visible_query
from peacetrack.cases.models import Membership


def hidden_person() -> str:
    """What a reader sees instead of someone they may not see."""
    return _("the mediation team")


def user_label(user: Person) -> str:
    """A person's name, or their e-mail when they gave no name."""
    return str(user.get_full_name() or user.email)


class People:
    """The people one member may see on their case. Make one per request: the set of visible
    accounts is read once (one query, none for the team) however many names a page shows."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        # The accounts this member may see; None for the team, who see everyone. Read now,
        # not on first use, so that a page's query count does not depend on what it shows.
        self.visible_user_ids: frozenset[int] | None = None
        if not membership.is_team:
            ids = members_visible_query(membership).values_list("user_id", flat=True)
            self.visible_user_ids = frozenset(ids)

    def sees(self, user_id: int | None) -> bool:
        visible = self.visible_user_ids
        return user_id is not None and (visible is None or user_id in visible)

    def label(self, user: Person | None, *, empty: str = "—") -> str:
        """The user's name (or e-mail) if the reader may see them, else "the mediation team"."""
        if user is None:
            return empty
        return user_label(user) if self.sees(user.pk) else hidden_person()

    def email(self, user: Person | None) -> str | None:
        """The user's e-mail if the reader may see them, else None (API answers)."""
        return user.email if user is not None and self.sees(user.pk) else None

    def actor_label(self, event: AuditEvent) -> str:
        """Who made an audit event (its stored label), as this reader may see it."""
        if self.visible_user_ids is None or self.sees(event.actor_id):
            return str(event.actor_label or "—")
        return hidden_person()


def person_label(viewer: Membership, user: Person | None) -> str:
    """One person as `viewer` may see them. For several, make one People and reuse it."""
    return People(viewer).label(user)
