from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buyersgroup.core.mail import send_email
from buyersgroup.core.security import record


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up; account e-mails go out through the task queue; refused logins are logged."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the request (its language, its links), send from the task worker."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        # allauth greets with the site's name; without django.contrib.sites that is the request's
        # host ("Hello from 127.0.0.1:8000!"): use the portal's name, keep the host as the domain.
        site = SimpleNamespace(name=_("Buyers Group"), domain=get_current_site(request).domain)
        message = self.render_mail(
            template_prefix, email, {"request": request, "email": email, **context, "current_site": site}
        )
        # With the database queue the task row is part of the current transaction: a rollback drops it.
        send_email.enqueue(subject=message.subject, body=message.body, recipients=list(message.to))

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            record("rate_limited", request, email=credentials.get("email", "") or "", action="login")
            raise
