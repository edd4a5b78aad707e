"""Changing one's own password: the old one, then the new one twice, checked by the validators."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse_lazy


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view (this session stays signed in, every other session of the user ends),
    with the change recorded in the user's admin history: who, when.

    A wrong old password counts as a failed sign-in (django-axes), and a locked-out username
    cannot change its password either: an unlocked screen must not be a way to guess it."""

    template_name = "account/password_change.html"
    success_url = reverse_lazy("password-change")

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, credentials=credentials)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            credentials = {"username": self.request.user.get_username()}
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        # The right old password ends the count of wrong ones, as signing in does.
        AxesProxyHandler.reset_attempts(username=user.get_username(), ip_address=self.request.axes_ip_address)
        LogEntry.objects.log_actions(
            user.pk, [user], CHANGE, change_message="Changed their own password.", single_object=True
        )
        messages.success(
            self.request, "Your password is changed. Anywhere else you were signed in, you are now signed out."
        )
        return response
