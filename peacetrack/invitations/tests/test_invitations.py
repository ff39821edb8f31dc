"""Invitations: the lead invites, the invitee accepts; links are single-use, hashed, expiring
and revocable; every step is in the audit trail."""

from __future__ import annotations

import datetime
import statistics
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services as case_services
from peacetrack.cases.models import Membership
from peacetrack.conftest import make_user
from peacetrack.invitations.models import Invitation
from peacetrack.invitations.selectors import key_hash
from peacetrack.invitations.services import (
    invitation_accept,
    invitation_account_create,
    invitation_create,
    invitation_revoke,
    invitation_send,
)

pytestmark = pytest.mark.django_db


def _invite(world, email: str = "new@example.org", **kwargs):  # type: ignore[no-untyped-def]
    invitation, link = invitation_create(
        inviter=world.users["lead"],
        case=world.case,
        email=email,
        role=kwargs.pop("role", "observer"),
        base_url="http://testserver/",
        **kwargs,
    )
    assert link is not None
    return invitation, link.replace("http://testserver", "")


def test_only_a_hash_of_the_link_is_stored(world):
    invitation, path = _invite(world)
    key = path.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.key_hash == key_hash(key)
    assert key not in str(Invitation.objects.filter(pk=invitation.pk).values().get())


def test_a_delegate_must_be_bound_to_a_party_of_this_case(world):
    with pytest.raises(ValidationError, match="bound to a party"):
        invitation_create(
            inviter=world.users["lead"], case=world.case, email="x@example.org", role="delegate"
        )
    other = case_services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    foreign = case_services.party_create(
        actor=world.users["lead"], case=other, short_name="F", name="Foreign"
    )
    with pytest.raises(ValidationError, match="another case"):
        invitation_create(
            inviter=world.users["lead"],
            case=world.case,
            email="x@example.org",
            role="delegate",
            party=foreign,
        )
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_only_the_lead_invites(world):
    for persona in ["member", "observer", "delegate_a", "track2"]:
        response = world.client(persona).post(
            reverse("cases:members", args=[world.case.public_id]),
            {"email": "friend@example.org", "role": "delegate", "party": world.party_a.public_id},
        )
        assert response.status_code == 404
    assert not Invitation.objects.filter(email="friend@example.org").exists()
    # and a delegate never sees the invitations at all
    page = world.client("delegate_a").get(reverse("cases:members", args=[world.case.public_id]))
    assert "Invitations" not in page.content.decode()


def test_a_link_works_once(world):
    _invitation, path = _invite(world, "outsider@example.org")
    outsider = world.client("outsider")
    outsider.post(path)
    assert Membership.objects.filter(case=world.case, user=world.users["outsider"]).exists()
    again = outsider.get(path)
    assert again.status_code == 404
    assert "does not work" in again.content.decode()


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(world):
    invitation, old = _invite(world, "outsider@example.org")
    new = invitation_send(actor=world.users["lead"], invitation=invitation, base_url="")
    assert new is not None
    assert world.client("outsider").get(old).status_code == 404
    assert world.client("outsider").get(new).status_code == 200


def test_an_expired_link_is_refused_and_its_use_audited_once(world):
    invitation, path = _invite(world, "outsider@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    for _ in range(3):
        assert world.client("outsider").post(path).status_code == 404
    assert not Membership.objects.filter(case=world.case, user=world.users["outsider"]).exists()
    assert AuditEvent.objects.filter(action="invitations.invitation.expired_use").count() == 1


def test_a_revoked_link_is_refused(world):
    invitation, path = _invite(world, "outsider@example.org")
    world.client("lead").post(
        reverse("invitations:revoke", args=[world.case.public_id, invitation.public_id])
    )
    assert world.client("outsider").post(path).status_code == 404
    assert not Membership.objects.filter(case=world.case, user=world.users["outsider"]).exists()


def test_a_revocation_read_before_the_invitee_accepted_is_refused(world):
    # The lead opened the members page; meanwhile the invitee accepted. Revoking from the
    # page as it was read must not mark a membership's invitation revoked.
    invitation, _path = _invite(world, "outsider@example.org")
    read_by_lead = Invitation.objects.get(pk=invitation.pk)
    invitation_accept(user=world.users["outsider"], invitation=invitation)
    with pytest.raises(ValidationError, match="was accepted"):
        invitation_revoke(actor=world.users["lead"], invitation=read_by_lead)
    with pytest.raises(ValidationError, match="already accepted"):
        invitation_send(actor=world.users["lead"], invitation=read_by_lead, base_url="")
    invitation.refresh_from_db()
    assert (invitation.accepted_at is not None, invitation.revoked_at) == (True, None)


def test_accepting_needs_being_signed_in_as_the_invited_e_mail(world):
    _invitation, path = _invite(world, "outsider@example.org")
    wrong = world.client("member")
    page = wrong.get(path).content.decode()
    assert "This invitation is for another e-mail" in page
    wrong.post(path)
    assert not Membership.objects.filter(
        case=world.case, user__email="outsider@example.org"
    ).exists()
    # the case is not named to someone who is not the invitee
    assert world.case.title not in page


def test_a_member_cannot_be_invited_twice_and_an_open_invitation_not_duplicated(world):
    with pytest.raises(ValidationError, match="already a member"):
        invitation_create(
            inviter=world.users["lead"],
            case=world.case,
            email="MEMBER@example.org",
            role="observer",
        )
    _invite(world, "new@example.org")
    with pytest.raises(ValidationError, match="already invited"):
        invitation_create(
            inviter=world.users["lead"], case=world.case, email="new@example.org", role="observer"
        )


def test_every_step_is_in_the_audit_trail(world):
    invitation, _path = _invite(world, "outsider@example.org")
    second, _ = _invite(world, "nobody@example.org")
    invitation_revoke(actor=world.users["lead"], invitation=second)
    invitation_accept(user=world.users["outsider"], invitation=invitation)
    actions = [
        e.action
        for e in AuditEvent.objects.filter(
            case_id=world.case.pk, action__startswith="invitations."
        ).order_by("id")
    ]
    assert actions[-4:] == [
        "invitations.invitation.mint",
        "invitations.invitation.mint",
        "invitations.invitation.revoke",
        "invitations.invitation.accept",
    ]
    accepted = AuditEvent.objects.filter(action="invitations.invitation.accept").first()
    assert accepted is not None
    assert accepted.actor_label == "outsider@example.org"


def _median_seconds(action, tries: int = 50) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(tries):
        started = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@pytest.fixture
def slow_hashing(settings):  # type: ignore[no-untyped-def]
    # A real (if lighter) key-stretching hasher, so that hashing or not hashing shows.
    settings.PASSWORD_HASHERS = ["peacetrack.invitations.tests.hashers.TestPBKDF2Hasher"]


def test_creating_an_account_takes_as_long_whether_or_not_one_exists(world, slow_hashing):
    from django.contrib.auth.hashers import make_password

    hash_time = _median_seconds(lambda i: make_password(f"pass phrase {i}"), 20)
    existing = [make_user(f"existing{i}@example.org") for i in range(50)]
    invitations_existing = [_invite(world, u.email)[0] for u in existing]
    invitations_new = [_invite(world, f"fresh{i}@example.org")[0] for i in range(50)]

    def create(invitations):  # type: ignore[no-untyped-def]
        return lambda i: invitation_account_create(
            invitation=invitations[i], name="", password=f"a long pass phrase {i}"
        )

    with_account = _median_seconds(create(invitations_existing))
    without = _median_seconds(create(invitations_new))
    # Without the stand-in hash, the difference would be one whole hash_time.
    assert abs(with_account - without) < 0.5 * hash_time, (with_account, without, hash_time)


def test_signing_in_takes_as_long_for_an_unknown_e_mail(world, slow_hashing):
    from django.contrib.auth.hashers import make_password

    hash_time = _median_seconds(lambda i: make_password(f"pass phrase {i}"), 20)
    user = world.users["outsider"]
    user.set_password("the right passphrase")
    user.save()

    def sign_in(email: str):  # type: ignore[no-untyped-def]
        # a fresh address each time keeps the per-address limit out of the way
        return lambda i: Client(REMOTE_ADDR=f"10.1.{i // 200}.{i % 200}").post(
            reverse("account_login"), {"login": email, "password": f"wrong {i}"}
        )

    known = _median_seconds(sign_in("outsider@example.org"), 4)  # stays under the pause
    unknown = _median_seconds(sign_in("nobody@example.org"), 4)
    assert abs(known - unknown) < 0.5 * hash_time + 0.02, (known, unknown, hash_time)
