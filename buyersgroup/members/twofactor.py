"""Set up two-factor authentication outside the browser flow (demo data, tests)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def enable_totp(member, secret: str | None = None) -> str:
    """Give ``member`` a TOTP authenticator and recovery codes; return the secret."""
    secret = secret or generate_totp_secret()
    Authenticator.objects.filter(user=member).delete()
    TOTP.activate(member, secret)
    RecoveryCodes.activate(member)
    return secret
