"""Changing one's own password: the old one, then the new one twice, checked by the validators."""

from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view (this session stays signed in, every other session of the user ends),
    with the change recorded in the user's admin history: who, when."""

    template_name = "account/password_change.html"
    success_url = reverse_lazy("password-change")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        LogEntry.objects.log_actions(
            user.pk, [user], CHANGE, change_message="Changed their own password.", single_object=True
        )
        messages.success(
            self.request, "Your password is changed. Anywhere else you were signed in, you are now signed out."
        )
        return response
