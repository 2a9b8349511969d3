"""The visitor's pages of a subscription, all under /<lang>/subscriptions/.

None of them uses Django's CSRF token, on purpose: the subscription form sits
on pages served from the full-page cache, where a per-visitor token cannot
be (the confirmation mail is the proof that the address wants the mails),
and the other pages are reached through the secret token in the mail's
links, which a forged request cannot know. They are never cached."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import filters, service
from .models import Frequency, Subscription

ONE_CLICK = "List-Unsubscribe=One-Click"


def _page(request: HttpRequest, template: str, context: dict | None = None,
          status: int = 200) -> HttpResponse:
    return render(request, f"subscriptions/{template}.html", context or {},
                  status=status)


def _find(token: str) -> Subscription | None:
    return Subscription.objects.filter(token=token).first()


@csrf_exempt
@never_cache
@require_http_methods(["POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The form "E-mail me new events like these": e-mail, frequency and the
    listing's filter as hidden fields."""
    problems = []
    email = request.POST.get("email", "").strip()
    try:
        validate_email(email)
        if len(email) > Subscription._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError:
        problems.append(gettext("Please enter a valid e-mail address."))
    frequency = request.POST.get("frequency", Frequency.WEEKLY)
    if frequency not in Frequency.values:
        problems.append(gettext("Please choose daily or weekly."))
    chosen, invalid = filters.validated(request.POST)
    for error in invalid:
        problems.append(gettext("This filter is not valid: %(name)s.")
                        % {"name": filters.label(error.param)})
    if problems:
        return _page(request, "invalid", {"problems": problems}, status=400)
    service.subscribe(email, chosen, get_language(), frequency)
    # The same answer whether a mail went out or the address had its
    # confirmations for today: the page reveals nothing about the address.
    return _page(request, "check_mail")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST opts in."""
    subscription = _find(token)
    if subscription is None:
        return _page(request, "unknown", status=404)
    if request.method == "POST":
        service.confirm(subscription)
        return _page(request, "manage", _manage_context(subscription, confirmed=True))
    return _page(request, "confirm", {"subscription": subscription})


def _manage_context(subscription: Subscription, **extra) -> dict:
    return {"subscription": subscription, "frequencies": Frequency.choices,
            "filter": filters.describe(subscription.filter, subscription.language),
            **extra}


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription's filter and frequency; POST changes the frequency."""
    subscription = _find(token)
    if subscription is None:
        return _page(request, "unknown", status=404)
    if request.method == "POST":
        frequency = request.POST.get("frequency", "")
        if frequency not in Frequency.values:
            return _page(request, "invalid", {"problems": [
                gettext("Please choose daily or weekly.")]}, status=400)
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
        return _page(request, "manage", _manage_context(subscription, saved=True))
    return _page(request, "manage", _manage_context(subscription))


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: a POST (the mail client's ``List-Unsubscribe=One-Click``, or
    the button of the GET page) deletes the subscription at once, without a
    login, and answers the same when it is already gone; a GET only shows
    the button."""
    if request.method == "POST":
        Subscription.objects.filter(token=token).delete()
        return _page(request, "unsubscribed")
    if _find(token) is None:
        return _page(request, "unsubscribed")
    return _page(request, "unsubscribe", {"token": token})
