"""The two-factor pages: set up an authenticator app, type a code after the password, new backup codes."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from . import services
from .forms import CodeForm
from .middleware import enrolled, required

APP_CODE_HELP = "The 6 digits your authenticator app shows now."
ANY_CODE_HELP = "The 6 digits your authenticator app shows now, or one of your backup codes."


def next_url(request) -> str:
    """Where to go once the second step is done: the page asked for, if it is one of ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def backup_codes_page(request, codes: list[str], *, first: bool):
    return render(request, "account/backup_codes.html", {"codes": codes, "first": first, "next": next_url(request)})


@method_decorator(never_cache, name="dispatch")
class EnrolView(View):
    """Set up an authenticator app (QR code or typed key, then a code to prove it), or see that it is on."""

    template_name = "account/two_factor.html"

    def get(self, request):
        user = request.user
        if enrolled(user):
            if not user.is_verified():
                return HttpResponseRedirect(with_next("account:two-factor-verify", request))
            return render(request, "account/two_factor_on.html", {"codes_left": services.backup_codes_left(user=user)})
        return self.page(request, CodeForm(help_text=APP_CODE_HELP))

    def post(self, request):
        if enrolled(request.user):
            return HttpResponseRedirect(reverse("account:two-factor"))
        form = CodeForm(request.POST, help_text=APP_CODE_HELP)
        if form.is_valid():
            device = services.totp_device_pending(user=request.user)
            codes = services.totp_device_confirm(device=device, code=form.cleaned_data["code"])
            if codes is not None:
                # The code just typed proves the app: this sign-in is complete.
                device.refresh_from_db()
                otp_login(request, device)
                return backup_codes_page(request, codes, first=True)
            form.add_error(
                "code", "That code does not match. Type the code the app shows now (it changes every 30 seconds)."
            )
        return self.page(request, form)

    def page(self, request, form):
        device = services.totp_device_pending(user=request.user)
        context = {
            "form": form,
            "secret": services.secret_text(device),
            "required": required(request.user),
            "next": next_url(request),
        }
        return render(request, self.template_name, context)


@method_decorator(never_cache, name="dispatch")
class QrCodeView(View):
    """The QR code of the app being set up, as an SVG image (never for an app already set up)."""

    def get(self, request):
        if enrolled(request.user):
            raise Http404("Two-factor sign-in is already set up.")
        device = services.totp_device_pending(user=request.user)
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
        return HttpResponse(image.to_string(), content_type="image/svg+xml")


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """After the password: a code from the app, or a backup code."""

    template_name = "account/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return HttpResponseRedirect(next_url(request))
        if not enrolled(request.user):
            return HttpResponseRedirect(with_next("account:two-factor", request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(request, CodeForm(help_text=ANY_CODE_HELP))

    def post(self, request):
        form = CodeForm(request.POST, help_text=ANY_CODE_HELP)
        if form.is_valid():
            # "Too many wrong codes" only when this try came while a wait was running (the code was
            # not even checked): the first wrong code is only wrong.
            waiting = services.wait_seconds(user=request.user)
            device = services.code_verify(user=request.user, code=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = services.backup_codes_left(user=request.user)
                    messages.warning(
                        request,
                        f"You used a backup code: {left} left. Make new ones from Two-factor sign-in in your menu.",
                    )
                return HttpResponseRedirect(next_url(request))
            wait = services.wait_seconds(user=request.user) if waiting else 0
            form.add_error(
                "code",
                f"That code is not right. Too many wrong codes: wait {wait} second{'s' if wait != 1 else ''} "
                "before the next try."
                if wait
                else "That code is not right, or it has expired. Type the code the app shows now.",
            )
        return self.page(request, form)

    def page(self, request, form):
        return render(request, self.template_name, {"form": form, "next": next_url(request)})


@method_decorator(never_cache, name="dispatch")
class BackupCodesView(View):
    """New backup codes, replacing the old ones (only in a sign-in completed with a code)."""

    http_method_names = ["post"]

    def post(self, request):
        # The middleware already holds an enrolled user to a verified sign-in; say so here too.
        if not enrolled(request.user) or not request.user.is_verified():
            return HttpResponseRedirect(reverse("account:two-factor"))
        return backup_codes_page(request, services.backup_codes_replace(user=request.user), first=False)
