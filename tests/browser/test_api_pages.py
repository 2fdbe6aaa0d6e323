"""In Chromium: the API tokens page (create, see once, revoke) and the API documentation pass axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buyersgroup.api.models import ApiToken
from tests.browser.conftest import check, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_tokens_page(page, live_server, language, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("members:profile"))
    page.locator(f"main .manage-content a[href='{reverse('api:tokens')}']").click()
    page.locator("#id_name").fill("Monthly report")
    page.locator("main form button.primary").click()
    secret = page.locator("#new-token").inner_text()
    assert re.fullmatch(r"bg_[\w-]{40,}", secret)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody tr td").first).to_have_text("Monthly report")
    check(page, language, "api-tokens")

    response = page.request.get(live_server.url + reverse("api:criterion-list"),
                                headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 200 and response.json()["count"] > 0

    page.goto(live_server.url + reverse("api:tokens"))
    expect(page.locator("#new-token")).to_have_count(0)  # shown once
    page.locator("main table button.danger").click()
    expect(page.locator(".message")).to_contain_text("Monthly report")
    expect(page.locator("main table")).to_have_count(0)
    assert ApiToken.objects.get().revoked_at is not None
    revoked = page.request.get(live_server.url + reverse("api:criterion-list"),
                               headers={"Authorization": f"Bearer {secret}"})
    assert revoked.status == 401


def test_api_documentation_page(page, live_server, language, alice):
    login(page, live_server, alice.email, PASSWORD)
    page.goto(live_server.url + reverse("api:docs"))
    expect(page.locator("main h1")).to_have_text("API documentation" if language == "en" else "API-documentatie")
    expect(page.locator("main section.api-endpoint")).to_have_count(10)
    check(page, language, "api-docs")
