"""Account pages: API tokens, sessions, and the People page for site administrators."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from peacetrack.accounts import services
from peacetrack.accounts.access import person_get_for_admin, site_admin_required
from peacetrack.accounts.forms import (
    LanguageForm,
    PeopleSearchForm,
    PersonCreateForm,
    TokenForm,
)
from peacetrack.accounts.tokens import token_create, token_get_for_user, token_revoke
from peacetrack.accounts.types import Person, person_of
from peacetrack.cases.forms import show_service_errors
from peacetrack.paging import page_for_request


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = token_create(user=person_of(request), **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": list(person_of(request).api_tokens.all()[:200]),
        },
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_get_for_user(request.user, token_id)
    token_revoke(user=person_of(request), token=token)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("accounts:tokens")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: anyone may choose (the cookie); a signed-in user's
    choice is also stored on their profile. Back to the page it came from (same site only)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        raise Http404
    language = form.cleaned_data["language"]
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    user = request.user
    if isinstance(user, Person) and user.is_authenticated:
        services.profile_language_set(actor=user, user=user, language=language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


def session_handle(session_key: str) -> str:
    """How the page names a session: neither its secret key nor a counter of sign-ins."""
    return salted_hmac("peacetrack.sessions", session_key).hexdigest()[:16]


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponse:
    """Where the user is signed in; any other session can be ended (a lost laptop)."""
    # Sessions that expired or were signed out are dropped first.
    live = UserSession.objects.purge_and_list(person_of(request))
    rows = sorted(live, key=lambda s: s.created_at, reverse=True)[:100]
    current = request.session.session_key
    if request.method == "POST":
        ending = [
            s
            for s in rows
            if s.session_key != current and (request.POST.get("session") in (str(s.pk), "others"))
        ]
        if not ending:
            raise Http404
        for session in ending:
            session.end()
        messages.success(
            request,
            ngettext(
                "Signed out of %(count)d other session.",
                "Signed out of %(count)d other sessions.",
                len(ending),
            )
            % {"count": len(ending)},
        )
        return redirect("accounts:sessions")
    return render(request, "accounts/sessions.html", {"rows": rows, "current": current})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    site_admin_required(request.user)
    search = PeopleSearchForm(request.GET or None)
    accounts = get_user_model().objects.select_related("profile").order_by("email", "pk")
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if query:
        accounts = accounts.filter(
            Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    page = page_for_request(request, accounts)
    return render(
        request,
        "accounts/people.html",
        {
            "page": page,
            "search": search,
            "query": query,
            "create_form": PersonCreateForm(),
            "profiles": {u.pk: services.profile_of(u) for u in page.items},
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:people")


@login_required
@require_POST
def person_create(request: HttpRequest) -> HttpResponse:
    site_admin_required(request.user)
    form = PersonCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(request)
    try:
        user = services.user_create(
            actor=person_of(request),
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            password=None,
            organiser=form.cleaned_data["organiser"],
        )
        link = services.password_reset_link_make(
            actor=person_of(request), user=user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request)
    _tell_link(request, user, link)
    return _back(request)


def _tell_link(request: HttpRequest, user: Person, link: str | None) -> None:
    email = getattr(user, "email", "")
    if link is None:
        messages.success(
            request,
            _("A one-time link to choose a password was mailed to %(email)s.") % {"email": email},
        )
    else:
        messages.success(
            request,
            _(
                "One-time link for %(email)s to choose a password (valid for a day; shown only "
                "now; pass it on by a safe channel): %(link)s"
            )
            % {"email": email, "link": link},
        )


class _Flag(forms.Form):
    value = forms.BooleanField(required=False)


@login_required
@require_POST
def person_organiser(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_admin(request.user, person_id)
    form = _Flag(request.POST)
    form.is_valid()
    organiser = bool(form.cleaned_data.get("value"))
    services.user_organiser_set(actor=person_of(request), user=person, organiser=organiser)
    text = (
        _("%(email)s may now open cases.")
        if organiser
        else _("%(email)s may no longer open cases.")
    )
    messages.success(request, text % {"email": person.email})
    return _back(request)


@login_required
@require_POST
def person_confirm(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_admin(request.user, person_id)
    services.user_confirm(actor=person_of(request), user=person)
    messages.success(request, _("%(email)s is confirmed.") % {"email": person.email})
    return _back(request)


@login_required
@require_POST
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_admin(request.user, person_id)
    try:
        services.user_deactivate(actor=person_of(request), user=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(email)s is deactivated: signed out everywhere, API tokens no longer work.")
            % {"email": person.email},
        )
    return _back(request)


@login_required
@require_POST
def person_reset_link(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_admin(request.user, person_id)
    try:
        link = services.password_reset_link_make(
            actor=person_of(request), user=person, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _tell_link(request, person, link)
    return _back(request)
