"""SPEC §6 walked in full: every entry URL × persona × review state, for every kind of entry.

The expected answers are written out, not computed, so a change of rule shows up
here as a deliberate edit:

* ``login``: a visitor is sent to the login page;
* ``404``: the user may not know the entry exists, or their role never takes this
  action; nothing changes;
* ``moved``: the user's role takes this action, but not from the entry's state
  (someone moved it meanwhile): they are sent to the entry with the message
  "This entry already moved (now: …)"; nothing changes;
* ``ok``: the page shows what it is for, or the action happens (the state moves,
  the entry or document is gone).

The matrix is parametrised by kind (tests/entries/kinds.py): a new kind of entry
inherits it. A URL of the entry core that is not in the matrix fails the test.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from buyersgroup.documents import services as documents
from buyersgroup.entries import registry
from buyersgroup.entries import questions
from buyersgroup.entries.models import Comment, Follow
from buyersgroup.entries.urls import COMMENT_URL_NAMES, ENTRY_URL_NAMES
from buyersgroup.moderation.models import TRANSITIONS, Status
from tests.entries.kinds import KIND_NAMES, make_entry, pdf_upload

PERSONAS = ["visitor", "member", "colleague", "author", "coordinator"]
STATES = ["draft", "submitted", "changes_requested", "rejected", "published", "archived"]
L, N, OK, M = "login", "404", "ok", "moved"

# state: visitor, member (other organisation), colleague (same organisation), author, coordinator
VIEW = {
    "draft":             (L, N, OK, OK, N),
    "submitted":         (L, N, OK, OK, OK),
    "changes_requested": (L, N, OK, OK, OK),
    "rejected":          (L, N, OK, OK, OK),
    "published":         (L, OK, OK, OK, OK),
    "archived":          (L, N, OK, OK, OK),
}
HISTORY = {**VIEW, "published": (L, N, OK, OK, OK)}  # the entry's own people and the coordinators
EDIT = {
    "draft":             (L, N, OK, OK, N),
    "submitted":         (L, N, N, N, N),
    "changes_requested": (L, N, OK, OK, OK),
    "rejected":          (L, N, N, N, N),
    "published":         (L, N, OK, OK, OK),
    "archived":          (L, N, N, N, N),
}
DOCUMENTS = {**EDIT, "published": (L, N, N, N, N)}  # published documents change through a pending edit
DELETE = {
    "draft":             (L, N, N, OK, N),
    "submitted":         (L, N, N, N, N),
    "changes_requested": (L, N, N, OK, OK),
    "rejected":          (L, N, N, N, OK),
    "published":         (L, N, N, N, N),
    "archived":          (L, N, N, N, N),
}
REVIEW = {
    "draft":             (L, N, N, N, N),
    "submitted":         (L, N, N, N, OK),
    "changes_requested": (L, N, N, N, M),
    "rejected":          (L, N, N, N, M),
    "published":         (L, N, N, N, M),
    "archived":          (L, N, N, N, M),
}
SUBMIT = {
    "draft":             (L, N, OK, OK, N),
    "submitted":         (L, N, M, M, N),
    "changes_requested": (L, N, OK, OK, N),
    "rejected":          (L, N, M, M, N),
    "published":         (L, N, M, M, N),
    "archived":          (L, N, M, M, N),
}
WITHDRAW = {
    "draft":             (L, N, M, M, N),
    "submitted":         (L, N, OK, OK, N),
    "changes_requested": (L, N, M, M, N),
    "rejected":          (L, N, M, M, N),
    "published":         (L, N, M, M, N),
    "archived":          (L, N, M, M, N),
}
DECIDE = {  # publish, request changes, reject
    "draft":             (L, N, N, N, N),
    "submitted":         (L, N, N, N, OK),
    "changes_requested": (L, N, N, N, M),
    "rejected":          (L, N, N, N, M),
    "published":         (L, N, N, N, M),
    "archived":          (L, N, N, N, M),
}
ARCHIVE = {
    "draft":             (L, N, N, N, N),
    "submitted":         (L, N, N, N, M),
    "changes_requested": (L, N, N, N, M),
    "rejected":          (L, N, N, N, M),
    "published":         (L, N, N, N, OK),
    "archived":          (L, N, N, N, M),
}

COMMENT = {  # post a question or answer, follow or unfollow the thread: published entries only
    "draft":             (L, N, N, N, N),
    "submitted":         (L, N, N, N, N),
    "changes_requested": (L, N, N, N, N),
    "rejected":          (L, N, N, N, N),
    "published":         (L, OK, OK, OK, OK),
    "archived":          (L, N, N, N, N),
}

# (URL name, action or None) -> (method, table). Every entry URL and every transition is here.
MATRIX = {
    ("detail", None): ("get", VIEW),
    ("history", None): ("get", HISTORY),
    ("edit", None): ("get", EDIT),
    ("delete", None): ("get", DELETE),
    ("delete", "post"): ("post", DELETE),
    ("review", None): ("get", REVIEW),
    ("upload_document", None): ("get", DOCUMENTS),
    ("delete_document", None): ("post", DOCUMENTS),
    ("act", "submit"): ("post", SUBMIT),
    ("act", "withdraw"): ("post", WITHDRAW),
    ("act", "publish"): ("post", DECIDE),
    ("act", "request_changes"): ("post", DECIDE),
    ("act", "reject"): ("post", DECIDE),
    ("act", "archive"): ("post", ARCHIVE),
    ("comment", None): ("post", COMMENT),
    ("follow", None): ("post", COMMENT),
    ("unfollow", None): ("post", COMMENT),
}
NEW_STATE = {name: str(t.target) for name, t in TRANSITIONS.items()}


def _extra_pages(kind_name):
    """A kind's own pages about one entry (e.g. a practice's plain text): exactly as visible as the entry."""
    return [((name, None), ("get", VIEW)) for name in registry.get(kind_name).extra_entry_pages]


def _what_the_page_shows(name, entry) -> list[str]:
    return {
        "text": [entry.title, entry.summary],
        "detail": [entry.title],
        "history": ["Review history", entry.title],
        "edit": [f"value=\"{entry.title}\"", "Save draft"],
        "delete": [f"Delete “{entry.title}”?", "It cannot be undone."],
        "review": ["Your decision", "Send decision", entry.title],
        "upload_document": ["Add a document", "Upload"],
    }[name]


@pytest.fixture
def people(alice, bob, carol, cora):
    return {"visitor": None, "member": carol, "colleague": bob, "author": alice, "coordinator": cora}


CASES = [
    pytest.param(kind_name, name, action, state, persona, table[state][PERSONAS.index(persona)],
                 id=f"{kind_name}-{name}{'-' + action if action else ''}-{state}-{persona}")
    for kind_name in KIND_NAMES
    for (name, action), (_method, table) in [*MATRIX.items(), *_extra_pages(kind_name)]
    for state in STATES
    for persona in PERSONAS
]


@pytest.mark.parametrize(("kind_name", "name", "action", "state", "persona", "expected"), CASES)
def test_entry_access_matrix(client, people, alice, kind_name, name, action, state, persona, expected):
    kind = registry.get(kind_name)
    method, _table = dict([*MATRIX.items(), *_extra_pages(kind_name)])[name, action]
    entry = make_entry(kind, author=alice, status=state)
    document = documents.attach(entry, pdf_upload(), doc_type="specification", language="nl", by=alice)
    if people[persona] is not None:
        client.force_login(people[persona])

    if name == "act":
        response = client.post(kind.url("act", entry.pk, action), {"comment": "Looks good.", "confirmed": "yes"})
    elif name == "delete_document":
        response = client.post(kind.url(name, entry.pk), {"document": document.pk})
    elif name == "comment":
        response = client.post(kind.url(name, entry.pk), {"kind": "question", "body": "Which lots did you use?"})
    elif method == "post":
        response = client.post(kind.url(name, entry.pk))
    else:
        response = client.get(kind.url(name, entry.pk))

    still_there = kind.model.objects.filter(pk=entry.pk).first()
    if expected == L:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    elif expected == N:
        assert response.status_code == 404
    elif expected == M:
        assert response.status_code == 302 and response.url == entry.get_absolute_url()
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        assert shown == [f"This entry already moved (now: {Status(state).label}). Nothing was changed."]
    elif method == "get":
        assert response.status_code == 200
        page = response.content.decode()
        for text in _what_the_page_shows(name, entry):
            assert text in page, text
    else:
        assert response.status_code == 302 and not response.url.startswith(reverse("account_login"))

    if expected == OK and name == "delete" and method == "post":
        assert still_there is None
        return
    assert still_there is not None
    if name == "act":
        assert still_there.status == (NEW_STATE[action] if expected == OK else state)
    else:
        assert still_there.status == state
    if name == "delete_document":
        assert entry.documents.filter(pk=document.pk).exists() == (expected != OK)
    if name == "comment":
        assert [c.body for c in Comment.objects.on(entry)] == (["Which lots did you use?"] if expected == OK else [])
    if name in ("follow", "unfollow"):
        follows = {f.member_id: f.following for f in Follow.objects.filter(object_id=entry.pk)}
        assert follows == ({people[persona].pk: name == "follow"} if expected == OK else {})


CREATE = {"visitor": L, "member": OK, "colleague": OK, "author": OK, "coordinator": OK}


@pytest.mark.parametrize("kind_name", KIND_NAMES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_create_access(client, people, kind_name, persona):
    kind = registry.get(kind_name)
    if people[persona] is not None:
        client.force_login(people[persona])
    response = client.get(kind.url("create"))
    if CREATE[persona] == L:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 200
        assert "Save draft" in response.content.decode()


# "Start from this …": the create page with ?from=<pk>, for a kind that has the action (SPEC §6:
# any member, from a published entry only). A kind without it answers 404 to ?from=.
START_FROM = {
    "draft":             (L, N, N, N, N),
    "submitted":         (L, N, N, N, N),
    "changes_requested": (L, N, N, N, N),
    "rejected":          (L, N, N, N, N),
    "published":         (L, OK, OK, OK, OK),
    "archived":          (L, N, N, N, N),
}
START_FROM_CASES = [
    pytest.param(kind_name, state, persona,
                 START_FROM[state][PERSONAS.index(persona)] if registry.get(kind_name).start_from else (L if persona == "visitor" else N),
                 id=f"{kind_name}-create-from-{state}-{persona}")
    for kind_name in KIND_NAMES
    for state in STATES
    for persona in PERSONAS
]


@pytest.mark.parametrize(("kind_name", "state", "persona", "expected"), START_FROM_CASES)
def test_start_from_access_matrix(client, people, alice, kind_name, state, persona, expected):
    kind = registry.get(kind_name)
    entry = make_entry(kind, author=alice, status=state, title="The source entry")
    if people[persona] is not None:
        client.force_login(people[persona])
    url = f"{kind.url('create')}?from={entry.pk}"
    response = client.get(url)
    if expected == L:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        return
    if expected == N:
        assert response.status_code == 404
        # Nor can a POST record it as the source.
        assert client.post(url, {"title": "Mine"}).status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Save draft" in page and "Started from" in page and "The source entry" in page


# --- the core's URLs about one comment: a member's question on alice's published tender ---

COMMENT_PERSONAS = ["visitor", "comment_author", "other_member", "coordinator"]
R = "refused"  # the unfollow link of someone else: a page saying so, nothing changes

# entry state: visitor, comment author (another organisation), other member (alice's colleague), coordinator
EDIT_COMMENT = {"published": (L, OK, N, N), "archived": (L, N, N, N)}
HIDE_COMMENT = {"published": (L, N, N, OK), "archived": (L, N, N, OK)}
UNFOLLOW_LINK = {"published": (OK, OK, R, R), "archived": (OK, OK, R, R)}  # needs no login

COMMENT_MATRIX = {
    ("edit_comment", "get"): EDIT_COMMENT,
    ("edit_comment", "post"): EDIT_COMMENT,
    ("hide_comment", "get"): HIDE_COMMENT,
    ("hide_comment", "post"): HIDE_COMMENT,
    ("unfollow_link", "get"): UNFOLLOW_LINK,
    ("unfollow_link", "post"): UNFOLLOW_LINK,
}
COMMENT_CASES = [
    pytest.param(kind_name, name, method, state, persona, table[state][COMMENT_PERSONAS.index(persona)],
                 id=f"{kind_name}-{name}-{method}-{state}-{persona}")
    for kind_name in ("tenders",)
    for (name, method), table in COMMENT_MATRIX.items()
    for state in ("published", "archived")
    for persona in COMMENT_PERSONAS
]


@pytest.mark.parametrize(("kind_name", "name", "method", "state", "persona", "expected"), COMMENT_CASES)
def test_comment_access_matrix(client, alice, bob, carol, cora, kind_name, name, method, state, persona, expected):
    kind = registry.get(kind_name)
    entry = make_entry(kind, author=alice, status="published")
    comment = questions.post(entry, carol, "question", "Did you ask for spare batteries?")
    kind.model.objects.filter(pk=entry.pk).update(status=state)
    user = {"visitor": None, "comment_author": carol, "other_member": bob, "coordinator": cora}[persona]
    if user is not None:
        client.force_login(user)
    if name == "unfollow_link":
        url = reverse("entries:unfollow_link", args=[questions.unfollow_token(
            carol.pk, comment.content_type_id, entry.pk)])
    else:
        url = reverse(f"entries:{name}", args=[comment.pk])
    data = {"body": "Did you ask for spare batteries and chargers?", "reason": "Off topic."}
    response = client.post(url, data) if method == "post" else client.get(url)

    comment.refresh_from_db()
    carol_follows = Follow.objects.get(member=carol, object_id=entry.pk).following
    if expected == L:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    elif expected == N:
        assert response.status_code == 404
    elif expected == R:
        assert response.status_code == 403
        assert "This link was sent to another member" in response.content.decode()
    elif method == "get":
        assert response.status_code == 200
        page = response.content.decode()
        shown = {"edit_comment": "Edit your comment", "hide_comment": "Hide a comment",
                 "unfollow_link": "Stop these e-mails"}[name]
        assert shown in page and (name == "unfollow_link" or "Did you ask for spare batteries?" in page)
    elif name == "unfollow_link":
        assert response.status_code == 200 and "Done: no more e-mails about this thread" in response.content.decode()
    else:
        assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")

    changed = expected == OK and method == "post"
    assert (comment.body == data["body"]) == (changed and name == "edit_comment")
    assert (comment.hidden_reason == "Off topic.") == (changed and name == "hide_comment")
    assert carol_follows == (not (changed and name == "unfollow_link"))


def test_every_kind_is_in_the_matrix():
    assert {kind.name for kind in registry.kinds()} == set(KIND_NAMES)


def test_every_entry_url_and_transition_is_in_the_matrix():
    """A new URL of the entry core, or a new transition, must be added to the matrix above."""
    from django.urls import get_resolver

    in_matrix = {name for name, _action in MATRIX} | {"create"}
    assert set(ENTRY_URL_NAMES) == in_matrix
    assert {action for name, action in MATRIX if name == "act"} == set(TRANSITIONS)
    for kind in registry.kinds():
        names = {
            pattern.name for pattern in get_resolver().namespace_dict[kind.name][1].url_patterns
        }
        assert names - {"list", "mine", *kind.extra_list_pages} == in_matrix | set(kind.extra_entry_pages), kind.name
    core_names = {pattern.name for pattern in get_resolver().namespace_dict["entries"][1].url_patterns}
    assert core_names - {"review_queue"} == set(COMMENT_URL_NAMES) == {name for name, _method in COMMENT_MATRIX}
