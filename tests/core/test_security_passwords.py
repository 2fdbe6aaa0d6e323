"""Passwords: at least 12 characters, not a common password, no composition rules (ASVS 2.1)."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD

ELEVEN = "qzmvbtkwrpl"
TWELVE = "qzmvbtkwrplx"
COMMON = "password1234"
PASSPHRASE = "correcthorsebatterystaple"[:16]  # 16 lowercase letters, no digit, no symbol


def refusals(password, user=None) -> set[str]:
    """The codes of the rules a password breaks (codes, so the test does not depend on the language)."""
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_eleven_characters_are_refused():
    assert refusals(ELEVEN) == {"password_too_short"}


@pytest.mark.parametrize("password", [TWELVE, PASSPHRASE, "🔑" * 12, "twelve chars"])
def test_twelve_characters_of_any_kind_are_accepted(password):
    assert refusals(password) == set()


def test_common_password_is_refused_even_when_long_enough():
    assert len(COMMON) >= 12
    assert refusals(COMMON) == {"password_too_common"}


def test_password_like_the_members_own_details_is_refused(alice):
    assert "password_too_similar" in refusals("alice@stad.gent", user=alice)


def change_password(client, new):
    return client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )


@pytest.mark.parametrize(
    ("new", "message"),
    [(ELEVEN, "at least 12 characters"), (COMMON, "too common")],
)
def test_password_change_form_refuses_weak_passwords(client, alice, new, message):
    client.force_login(alice)
    response = change_password(client, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_form_accepts_a_lowercase_passphrase(client, alice):
    client.force_login(alice)
    response = change_password(client, PASSPHRASE)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(PASSPHRASE)


def test_password_reset_form_applies_the_same_rules(client, alice, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    refused = client.post(form_url, {"password1": COMMON, "password2": COMMON})
    assert refused.status_code == 200 and "too common" in refused.content.decode()
    accepted = client.post(form_url, {"password1": TWELVE, "password2": TWELVE})
    assert accepted.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(TWELVE)
