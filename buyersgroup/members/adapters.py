from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

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
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        queue_email(template_prefix, context, [email])

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            record("rate_limited", request, email=credentials.get("email", "") or "", action="login")
            raise
