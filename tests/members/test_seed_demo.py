"""`manage.py seed_demo`: the demo world of SPEC §11."""

import time
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import CommandError, call_command
from django.urls import reverse

from buyersgroup.documents.models import Document
from buyersgroup.members import demo
from buyersgroup.members.models import Member, Organisation
from buyersgroup.moderation.models import ReviewEvent
from practices.models import Practice, PracticeType
from tests.factories import MemberFactory, OrganisationFactory

PASSWORD = "demo-password-2026"
SECRET = "BUYERSGROUPDEMOCOORDINATOR234567"


@pytest.fixture
def debug(settings, db):
    settings.DEBUG = True
    return settings


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_refuses_with_debug_off_and_creates_nothing(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="seed_demo is for development"):
        seed()
    assert not Member.objects.exists()
    assert not Organisation.objects.exists()


def test_the_four_fixed_accounts(debug):
    seed()
    coordinator = Member.objects.get(email="coordinator@example.org")
    member = Member.objects.get(email="member@example.org")
    colleague = Member.objects.get(email="colleague@example.org")
    other = Member.objects.get(email="other@example.org")

    assert coordinator.is_coordinator
    assert [m.role for m in (member, colleague, other)] == ["member"] * 3
    assert member.organisation.level == "municipality"
    assert colleague.organisation == member.organisation
    assert other.organisation.level == "federal"
    assert other.organisation.region == "national"
    assert "Duurzame Ontwikkeling" in coordinator.organisation.name


def test_about_25_real_bodies_across_levels_and_regions(debug):
    seed()
    organisations = list(Organisation.objects.all())
    assert 22 <= len(organisations) <= 30
    regions = {o.region for o in organisations}
    assert {"national", "flanders", "wallonia", "brussels", "german_speaking"} <= regions
    levels = {"federal", "region", "community", "province", "municipality", "social_welfare", "police_zone", "other"}
    assert {o.level for o in organisations} == levels
    for organisation in organisations:
        organisation.full_clean()  # valid domains, no domain claimed twice
        assert organisation.website.startswith("https://")
        assert organisation.enterprise_number == ""
    assert Organisation.for_email("someone@stad.gent").name == "Stad Gent"


def test_about_40_members_who_can_all_log_in(debug):
    seed()
    members = Member.objects.all()
    assert 38 <= members.count() <= 45
    assert members.filter(role="coordinator").count() == 2
    assert members.filter(organisation__isnull=True).count() == 0
    assert members.filter(show_email=True).exists() and members.filter(show_email=False).exists()
    assert all(m.job_title and m.languages and m.ask_me_about for m in members)
    verified = EmailAddress.objects.filter(verified=True, primary=True)
    assert set(verified.values_list("email", flat=True)) == set(members.values_list("email", flat=True))
    assert all(m.check_password(PASSWORD) for m in members)


def test_coordinators_have_totp_with_the_printed_secrets(debug):
    out = seed()
    for coordinator in Member.objects.filter(role="coordinator"):
        totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
        secret = decrypt(totp.data["secret"])
        assert secret in out
        assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).exists()
    coordinator_totp = Authenticator.objects.get(user__email="coordinator@example.org", type="totp")
    assert decrypt(coordinator_totp.data["secret"]) == SECRET


def test_output_shows_the_password_accounts_and_secret(debug):
    out = seed()
    assert PASSWORD in out
    assert SECRET in out
    assert "authenticator app" in out
    for email in ("coordinator@example.org", "member@example.org", "colleague@example.org", "other@example.org"):
        assert email in out
    assert "Stad Gent" in out
    assert "http://127.0.0.1:" in out


def test_running_twice_changes_nothing(debug):
    seed()
    before = _snapshot()
    out = seed()
    assert _snapshot() == before
    assert "Organisations: 0 created, 0 updated" in out
    assert "Members: 0 created, 0 updated" in out
    assert "Practices: 0 created" in out


def test_running_again_restores_what_was_changed(debug):
    seed()
    member = Member.objects.get(email="member@example.org")
    member.set_password("something-else-entirely")
    member.job_title = "Changed"
    member.save()
    EmailAddress.objects.filter(user=member).update(verified=False)
    Authenticator.objects.filter(user__email="coordinator@example.org").delete()

    seed()

    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert member.job_title == "Aankoper ICT"
    assert EmailAddress.objects.get(user=member).verified
    assert Authenticator.objects.filter(user__email="coordinator@example.org", type="totp").exists()


def test_if_empty_leaves_an_existing_database_alone(debug):
    MemberFactory(email="someone@example.be")
    out = seed("--if-empty")
    assert "Members already exist" in out
    assert Member.objects.count() == 1
    assert Organisation.objects.count() == 1  # the factory member's own


def test_if_empty_seeds_an_empty_database(debug):
    out = seed("--if-empty")
    assert Member.objects.filter(email="member@example.org").exists()
    assert PASSWORD in out


def test_member_logs_in_through_the_login_form(debug, client):
    seed()
    response = client.post(reverse("account_login"), {"login": "member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"].email == "member@example.org"


def test_coordinator_logs_in_with_a_code_from_the_printed_secret(debug, client):
    seed()
    response = client.post(reverse("account_login"), {"login": "coordinator@example.org", "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))  # what an authenticator app shows
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].email == "coordinator@example.org"


def test_a_clash_with_existing_data_changes_nothing(debug):
    OrganisationFactory(name="Gent (imported earlier)", email_domains=["stad.gent"])
    with pytest.raises(CommandError, match="nothing was changed"):
        seed()
    assert Organisation.objects.count() == 1
    assert not Member.objects.exists()


def test_about_30_practices_of_every_type_and_state_with_figures_and_documents(debug):
    out = seed()
    practices = Practice.objects.all()
    assert 28 <= practices.count() <= 35
    assert f"Practices: {practices.count()} created" in out
    assert set(practices.values_list("practice_type", flat=True)) == set(PracticeType.values)
    assert set(practices.values_list("language", flat=True)) == {"nl", "fr", "en"}
    assert practices.values("organisation").distinct().count() >= 15
    assert practices.values("author").distinct().count() >= 20
    assert {"published", "draft", "submitted", "changes_requested"} <= {p.status for p in practices}
    assert practices.filter(status="published").count() >= 24
    for practice in practices.filter(status="published"):
        assert practice.published_at and practice.summary and practice.body_html
        events = ReviewEvent.objects.filter(object_id=practice.pk, content_type__model="practice")
        assert list(events.order_by("at").values_list("action", flat=True)) == ["submit", "publish"]
    sent_back = practices.get(status="changes_requested")
    assert "gemeten resultaten" in sent_back.review_events.get(action="request_changes").comment

    with_figures = practices.exclude(devices_reused=None, lifetime_extension_years=None,
                                     co2e_avoided_tonnes=None, money_saved_eur=None)
    assert with_figures.count() >= 8
    assert practices.exclude(devices_reused=None).exclude(co2e_avoided_tonnes=None).exclude(
        money_saved_eur=None).exclude(lifetime_extension_years=None).exists()
    documents = Document.objects.filter(content_type__model="practice")
    assert documents.count() >= 6
    assert {d.kind for d in documents} == {"pdf", "docx"}
    assert all(d.size > 1000 for d in documents)
    clause = practices.get(title__startswith="Electronics Watch contract conditions")
    assert clause.documents.get().doc_type == "contract_clauses"


def test_demo_practices_render_markdown_link_tenders_and_criteria_and_reports_recommend(debug, client):
    seed()
    published = Practice.objects.filter(status="published")
    bodies = "".join(published.values_list("body_html", flat=True))
    for tag in ("<h3>", "<ul>", "<ol>", "<table>", "<blockquote>", "<strong>", 'rel="noopener noreferrer"'):
        assert tag in bodies
    linked = published.filter(related_tenders__isnull=False).distinct()
    assert linked.count() >= 10
    for practice in linked:
        assert all(t.status == "published" for t in practice.related_tenders.all())
    assert published.filter(criteria__isnull=False).distinct().count() >= 24
    clauses = " ".join(published.filter(practice_type="model_clause").values_list("body", flat=True))
    for words in ("Terugname", "Electronics Watch", "Pièces détachées", "Coût total de possession"):
        assert words in clauses
    take_back = published.get(title__startswith="Modelclausule: terugname")
    assert take_back.criteria.filter(code="EOL-TAKEBACK").exists()
    assert take_back.related_tenders.exists()

    reports = published.filter(practice_type="report")
    titles = sorted(reports.values_list("title", flat=True))
    assert any(t.startswith("Belgian Buyers Group") for t in titles)
    assert any(t.startswith("European working group") and "ICLEI" in t for t in titles)
    for report in reports:
        assert report.recommendations_html.count("<li>") >= 4
        assert report.documents.filter(kind="pdf").exists()
    client.force_login(Member.objects.get(email="other@example.org"))
    page = client.get(reports.get(title__startswith="European working group").get_absolute_url()).content.decode()
    assert "Recommendations" in page
    assert "Name a contract manager for every social clause" in page


def record_call(stdout):
    stdout.write("extra demo content seeded")


def test_later_features_add_their_own_seeders(debug, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_SEEDERS", [*demo.DEMO_SEEDERS, f"{__name__}.record_call"])
    assert "extra demo content seeded" in seed()


def _snapshot():
    return (
        sorted(Organisation.objects.values_list("pk", "name", "email_domains")),
        sorted(Member.objects.values_list("pk", "email", "password", "organisation_id", "role", "job_title")),
        sorted(EmailAddress.objects.values_list("pk", "user_id", "verified", "primary")),
        sorted(Authenticator.objects.values_list("pk", "user_id", "type")),
        sorted(Practice.objects.values_list("pk", "title", "status", "organisation_id")),
        Document.objects.count(),
        ReviewEvent.objects.count(),
    )


def test_a_few_question_threads_under_published_entries_of_every_kind(debug, client):
    from buyersgroup.entries.models import Comment

    out = seed()
    assert "Question threads: 4 created." in out
    questions = Comment.objects.filter(kind="question").select_related("author")
    answers = Comment.objects.filter(kind="answer")
    assert questions.count() == answers.count() == 4
    assert {c.content_type.model for c in questions} == {"tender", "practice"}
    for question in questions:
        entry = question.content_type.get_object_for_this_type(pk=question.object_id)
        assert entry.status == "published"
        assert question.author.organisation_id != entry.organisation_id  # asked by another body
        assert answers.get(object_id=entry.pk, content_type=question.content_type).author_id == entry.author_id
    assert "Question threads: 0 created." in seed()  # seeding again adds nothing
    client.force_login(questions[0].author)
    entry = questions[0].content_type.get_object_for_this_type(pk=questions[0].object_id)
    assert questions[0].body in client.get(entry.get_absolute_url()).content.decode()
