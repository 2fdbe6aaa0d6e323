"""allauth's e-mails leave through the task queue; refused logins are logged; 429 in our layout."""

from django.core import mail
from django.test import RequestFactory, override_settings
from django_tasks import default_task_backend

from buyersgroup.core.models import SecurityEvent

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=DUMMY_TASKS)
def test_password_reset_mail_is_queued_as_a_task_not_sent_in_the_request(client, alice):
    default_task_backend.clear()
    client.post("/accounts/password/reset/", {"email": alice.email})
    assert mail.outbox == []  # nothing sent while the request ran
    [queued] = default_task_backend.results
    assert queued.task.name == "send_email"
    assert queued.kwargs["recipients"] == [alice.email]
    assert "/accounts/password/reset/key/" in queued.kwargs["body"]


def test_queued_mail_reaches_the_outbox_once_the_task_runs(client, alice):
    client.post("/accounts/password/reset/", {"email": alice.email})
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_rate_limited_login_is_logged(client, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/m/key"}
    for _ in range(3):
        client.post("/accounts/login/", {"login": alice.email, "password": "wrong password"})
    event = SecurityEvent.objects.filter(kind="rate_limited").get()
    assert event.email == alice.email and event.detail == {"action": "login"}
    assert "wrong password" not in str(event.detail)


def test_too_many_requests_page_is_in_the_portal_layout(db):
    from allauth.core.internal.ratelimit import respond_429
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().get("/members/request-access/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    response = respond_429(request)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many attempts" in page and 'class="skip-link"' in page


def test_account_mails_greet_with_the_portal_s_name_not_the_host(client, alice):
    client.post("/accounts/password/reset/", {"email": alice.email})
    [message] = mail.outbox
    assert message.body.startswith("Hello from Buyers Group!")
    assert "Thank you for using Buyers Group!" in message.body
    assert "Hello from testserver" not in message.body


def test_account_mails_greet_in_the_member_s_language(client, alice):
    client.cookies["django_language"] = "fr"
    client.post("/accounts/password/reset/", {"email": alice.email})
    assert "Buyers Group" in mail.outbox[0].body
    assert "testserver !" not in mail.outbox[0].body.split("\n")[0]
