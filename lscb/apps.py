from django.apps import AppConfig


class LscbConfig(AppConfig):
    """The shared shell: roles, permissions, navigation, base templates."""

    name = "lscb"
    verbose_name = "Board"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.core import checks
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its sheets of the board workbook in its own sheets.py.
        autodiscover_modules("sheets")
        # Signing in counts as a session renewal (its signal receiver).
        from lscb import sessions  # noqa: F401

        user_login_failed.connect(_forget_old_failures, dispatch_uid="lscb.signin.forget_old_failures")
        checks.register(trusted_proxies_check, checks.Tags.security, deploy=True)


def _forget_old_failures(sender, credentials, request=None, **kwargs) -> None:
    from lscb.signin import forget_old_failures

    forget_old_failures()


def trusted_proxies_check(app_configs, **kwargs):
    """`check --deploy`: the app is deployed behind a TLS proxy (SECURE_PROXY_SSL_HEADER) but trusts
    none for the client's address. Said, not refused: the safe default counts the proxy's address."""
    from django.conf import settings
    from django.core import checks

    if settings.LSCB_TRUSTED_PROXIES or not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    return [
        checks.Info(
            "LSCB_TRUSTED_PROXIES is 0: the sign-in lockout counts the connection's address and ignores "
            "X-Forwarded-For.",
            hint="Behind the TLS proxy, set LSCB_TRUSTED_PROXIES to the number of proxies in front of the app "
            "(1 for the nginx site in the README), or every sign-in counts the proxy's address.",
            id="lscb.I001",
        )
    ]
