from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join by invitation or an approved access request."""

    def is_open_for_signup(self, request):
        return False
