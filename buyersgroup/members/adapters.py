from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from buyersgroup.core.mail import queue_email
from buyersgroup.core.security import record


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up; account e-mails go out through the task queue; refused logins are logged."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Through the portal's one way to send e-mail: after commit, from the task worker.

        In the member's language when the address belongs to a member, else in the request's.
        """
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        # allauth greets with the site's name; without django.contrib.sites that is the request's
        # host ("Hello from 127.0.0.1:8000!"): use the portal's name (lazy: in the recipient's
        # language), keep the host as the domain.
        site = SimpleNamespace(name=gettext_lazy("Buyers Group"), domain=get_current_site(request).domain)
        context = {"request": request, "email": email, **context, "current_site": site}
        queue_email(template_prefix, context, [email])

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            record("rate_limited", request, email=credentials.get("email", "") or "", action="login")
            raise
