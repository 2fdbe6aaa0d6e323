"""Questions and answers under published entries, for every kind: the thread, posting,
editing, hiding, following, and the e-mails. Who may do what: buyersgroup.access.

The entry's author and everyone following the thread get an e-mail for each new
comment, in their own language, with a one-click link to stop (a signed token of
the member and the thread: it needs no login and works for that person and thread only).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone, translation

from buyersgroup import access
from buyersgroup.core.mail import queue_email
from buyersgroup.entries.models import AnswerNotice, Comment, Follow

UNFOLLOW_SALT = "buyersgroup.entries.unfollow"
HOME_ANSWERS = 5


# --- the thread -----------------------------------------------------------------------


def thread(user, entry) -> list[Comment]:
    """The comments under ``entry`` in order, each knowing what ``user`` may do with it.

    Two queries whatever the number of comments: the comments with their authors and
    organisations, and (for the page) whether ``user`` follows.
    """
    comments = list(
        Comment.objects.on(entry).select_related("author__organisation", "hidden_by").only(  # what the thread shows
            "content_type_id", "object_id", "kind", "body", "created_at", "edited_at", "hidden_at", "hidden_reason",
            "author__first_name", "author__last_name", "author__organisation__name",
            "hidden_by__first_name", "hidden_by__last_name",
        )
    )
    now = timezone.now()
    for comment in comments:
        comment.entry = entry  # no lookup of the entry per comment
        comment.can_edit = access.can_edit_comment(user, comment, now)
        comment.can_hide = access.can_hide_comment(user, comment)
    return comments


def thread_key(comments) -> str | None:
    """What the thread shows every member, as a cache key, or None when this reader has a button on
    one of its comments (their own to edit, for 15 minutes), which the shared piece cannot hold.
    It changes with anything shown: a comment added, edited or hidden, a name or an organisation."""
    if any(comment.can_edit or comment.can_hide for comment in comments):
        return None
    shown = [(c.pk, c.kind, c.edited_at, c.hidden_at, c.author_id and c.author.get_full_name(),
              c.author_id and c.author.organisation_id and c.author.organisation.name) for c in comments]
    return hashlib.sha256(repr(shown).encode()).hexdigest()


class _SharedThread:
    """The comments of a thread every member sees alike (``with_thread_state``), read only if its
    shared piece is not kept: true when there are comments, their list when iterated."""

    def __init__(self, user, entry, has_comments: bool):
        self.user, self.entry, self.has_comments = user, entry, has_comments
        self._comments = None

    def __bool__(self) -> bool:
        return self.has_comments

    def __iter__(self):
        if self._comments is None:
            self._comments = thread(self.user, self.entry) if self.has_comments else []
        return iter(self._comments)


def thread_context(user, entry, form=None) -> dict:
    """What templates/entries/_questions.html needs; ``thread`` is None when it is not shown."""
    if not access.can_see_comments(user, entry):
        return {"thread": None}
    from buyersgroup.entries.forms import CommentForm, HideCommentForm

    can_comment = access.can_comment(user, entry)
    hide_form = HideCommentForm() if access.is_coordinator(user) else None
    if hasattr(entry, THREAD_STAMP) and hide_form is None and not getattr(entry, THREAD_ACTS):
        # No button on any comment for this reader: the thread is the shared piece, keyed by the
        # stamp read with the entry, and its comments are read only when the piece is not kept.
        stamp = getattr(entry, THREAD_STAMP)
        comments, key = _SharedThread(user, entry, stamp is not None), stamp
    else:
        comments = thread(user, entry)
        key = None if hide_form else thread_key(comments)
    return {
        "thread": comments,
        "thread_key": key,
        "comment_form": (form or CommentForm()) if can_comment else None,
        "hide_form": hide_form,
        "following": is_following(user, entry) if can_comment else False,
    }


# --- following --------------------------------------------------------------------------


def _thread_of(entry) -> dict:
    return {"content_type": ContentType.objects.get_for_model(entry), "object_id": entry.pk}


THREAD_STAMP, THREAD_ACTS = "thread_stamp", "thread_viewer_acts"
# What the shared thread shows of each comment (a row's text tells a NULL from an empty value);
# NULL when the entry has no comment.
_THREAD_STAMP_SQL = """(SELECT md5(string_agg(ROW(c.id, c.kind, c.author_id, c.edited_at, c.hidden_at, a.first_name,
    a.last_name, a.organisation_id, o.name)::text, ',' ORDER BY c.id))
  FROM entries_comment c LEFT JOIN members_member a ON a.id = c.author_id
  LEFT JOIN members_organisation o ON o.id = a.organisation_id
  WHERE c.content_type_id = %s AND c.object_id = {table}.id)"""
# Whether the reader has a comment there they may still edit (access.can_edit_comment's window).
_THREAD_ACTS_SQL = """EXISTS (SELECT 1 FROM entries_comment c WHERE c.content_type_id = %s AND c.object_id = {table}.id
  AND c.author_id = %s AND c.hidden_at IS NULL AND c.created_at > now() - make_interval(secs => %s))"""


def with_thread_state(queryset, user):
    """Annotate, for ``user``, what the detail page's thread needs to know without reading it: whether
    they follow it, what it shows (a stamp: the shared piece's key) and whether they have a button on
    one of its comments. The page then reads the comments only when it renders them."""
    if not access.is_member(user):
        return queryset
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model).pk
    table = model._meta.db_table
    follows = Follow.objects.filter(member=user, content_type=content_type, object_id=OuterRef("pk"))
    window = Comment.EDIT_WINDOW.total_seconds()
    return queryset.annotate(**{
        "viewer_follows": Subquery(follows.values("following")[:1]),
        THREAD_STAMP: RawSQL(_THREAD_STAMP_SQL.format(table=table), [content_type], output_field=CharField()),
        THREAD_ACTS: RawSQL(_THREAD_ACTS_SQL.format(table=table), [content_type, user.pk, window],
                            output_field=BooleanField()),
    })


def is_following(member, entry) -> bool:
    """Following the thread: an explicit follow or unfollow, else whether ``member`` wrote the entry."""
    if hasattr(entry, "viewer_follows"):  # with_thread_state()
        following = entry.viewer_follows
    else:
        following = Follow.objects.filter(member=member, **_thread_of(entry)).values_list("following", flat=True).first()
    return following if following is not None else entry.author_id == member.pk


def set_following(member, entry, following: bool) -> None:
    """Follow or unfollow; unfollowing also takes the thread's answers off the member's home page."""
    thread = _thread_of(entry)
    Follow.objects.update_or_create(member=member, **thread, defaults={"following": following})
    if not following:
        AnswerNotice.objects.filter(
            member=member, comment__content_type=thread["content_type"], comment__object_id=thread["object_id"]
        ).delete()


def unfollow_token(member_id: int, content_type_id: int, object_id: int) -> str:
    return signing.dumps([member_id, content_type_id, object_id], salt=UNFOLLOW_SALT, compress=False)


def read_unfollow_token(token: str) -> tuple[int, int, int] | None:
    """(member id, content type id, object id), or None for a token that was not ours or was changed."""
    try:
        member_id, content_type_id, object_id = signing.loads(token, salt=UNFOLLOW_SALT)
        return int(member_id), int(content_type_id), int(object_id)
    except (signing.BadSignature, TypeError, ValueError):
        return None


# --- posting, editing, hiding -------------------------------------------------------------


def within_rate_limit(request) -> bool:
    """False when the member posted too often lately (settings.ACCOUNT_RATE_LIMITS["post_comment"]).

    Counts one post. The one place to swap for a shared rate-limit helper."""
    from allauth.core import ratelimit

    return ratelimit.consume(request, action="post_comment", user=request.user)


def post(entry, author, kind: str, body: str) -> Comment:
    """Save the comment and what follows from it (followed(), below), and e-mail the others once
    the transaction commits."""
    with transaction.atomic():
        comment = Comment.objects.create(**_thread_of(entry), author=author, kind=kind, body=body.strip())
        members = followed(comment, entry)
        transaction.on_commit(lambda: notify(comment, entry, members))
    return comment


def followed(comment, entry) -> list:
    """Record a new comment in its thread's follows; returns who is told of it (recipients()).

    Its author follows the thread; the entry's author does from its first comment on, with a row
    (kept if they unfollowed). An answer is put on the home page of everyone told of it."""
    set_following(comment.author, entry, True)
    if entry.author_id is not None and entry.author_id != comment.author_id:
        Follow.objects.bulk_create([Follow(member_id=entry.author_id, **_thread_of(entry))], ignore_conflicts=True)
    members = recipients(comment, entry)
    if comment.kind == Comment.Kind.ANSWER:
        AnswerNotice.objects.bulk_create(
            [AnswerNotice(member=member, comment=comment, created_at=comment.created_at) for member in members],
            ignore_conflicts=True,
        )
    return members


def edit(comment, body: str) -> None:
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])


def hide(comment, by, reason: str) -> None:
    comment.hidden_at = timezone.now()
    comment.hidden_by = by
    comment.hidden_reason = reason.strip()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


# --- e-mail -------------------------------------------------------------------------------


def recipients(comment, entry) -> list:
    """The entry's author (unless they unfollowed) and the followers, but not the comment's author."""
    from django.contrib.auth import get_user_model

    thread_of = _thread_of(entry)
    follows = Follow.objects.filter(**thread_of)
    unfollowed_author = Q(pk=entry.author_id) & Q(pk__in=follows.filter(following=False).values("member_id"))
    return list(
        get_user_model().objects.filter(is_active=True)
        .filter(Q(pk=entry.author_id) | Q(pk__in=follows.filter(following=True).values("member_id")))
        .exclude(unfollowed_author)
        .exclude(pk=comment.author_id)
        .order_by("pk")
    )


def email_language(member) -> str:
    """For a member who has not chosen an e-mail language yet: the first portal language they
    speak, else the current one. (queue_email uses the member's preferred language first.)"""
    portal_languages = {code for code, _name in settings.LANGUAGES}
    for code in member.languages or ():
        if code in portal_languages:
            return code
    return translation.get_language() or settings.LANGUAGE_CODE


def notify(comment, entry, members=None) -> None:
    """One e-mail per recipient (``members``, else recipients()), each in their language and with
    their own unfollow link."""
    from buyersgroup.entries import registry

    content_type_id = ContentType.objects.get_for_model(entry).pk
    context = {
        "comment": comment,
        "entry": entry,
        "by": comment.author,
        "path": f"{entry.get_absolute_url()}#comment-{comment.pk}",
    }
    for member in recipients(comment, entry) if members is None else members:
        token = unfollow_token(member.pk, content_type_id, entry.pk)
        queue_email(
            "entries/email/comment.txt", {**context, "kind": registry.of(entry).verbose_name}, [member],
            language=email_language(member), unsubscribe_path=reverse("entries:unfollow_link", args=[token]),
        )


# --- the home page --------------------------------------------------------------------------


def new_answers_for(member, limit: int = HOME_ANSWERS) -> list[Comment]:
    """The latest answers by others in the threads ``member`` follows, newest first, each with its
    author's name and its entry's title: the newest of their AnswerNotice rows (an index scan that
    stops), with their comments, authors and entries, in one statement written as SQL (Django
    compiling three statements was most of the home page's time). The rule of who may still read
    each thread is then access.can_see_comments, on those few."""
    from django.contrib.auth import get_user_model

    from buyersgroup.entries import registry

    kinds = registry.kinds()
    columns, joins, params = [], [], []
    for index, kind in enumerate(kinds):
        alias, table = f"entry_{index}", connection.ops.quote_name(kind.model._meta.db_table)
        columns += [f"{alias}.{name}" for name in ENTRY_SHOWN]
        joins.append(f"LEFT JOIN {table} AS {alias} ON comment.content_type_id = %s AND {alias}.id = comment.object_id")
        params.append(ContentType.objects.get_for_model(kind.model).pk)
    sql = f"""
        SELECT comment.id, comment.content_type_id, comment.object_id, comment.created_at, comment.author_id,
               author.first_name, author.last_name, author.email, {", ".join(columns)}
        FROM entries_answernotice AS notice
        JOIN entries_comment AS comment ON comment.id = notice.comment_id AND comment.hidden_at IS NULL
        LEFT JOIN {connection.ops.quote_name(get_user_model()._meta.db_table)} AS author ON author.id = comment.author_id
        {" ".join(joins)}
        WHERE notice.member_id = %s
        ORDER BY notice.created_at DESC, notice.comment_id DESC
        LIMIT %s
    """
    margin = limit * 4  # for answers in threads the member may no longer read (an archived entry)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, member.pk, margin])
        rows = cursor.fetchall()
    shown = []
    for pk, content_type_id, object_id, created_at, author_id, first_name, last_name, email, *entries in rows:
        comment = Comment(pk=pk, content_type_id=content_type_id, object_id=object_id, created_at=created_at,
                          kind=Comment.Kind.ANSWER, author_id=author_id)
        if author_id is not None:
            comment.author = get_user_model()(pk=author_id, first_name=first_name, last_name=last_name, email=email)
        for index, kind in enumerate(kinds):
            fields = dict(zip(ENTRY_SHOWN, entries[index * len(ENTRY_SHOWN):(index + 1) * len(ENTRY_SHOWN)]))
            if fields["id"] is not None:
                entry = kind.model(**fields)
                if access.can_see_comments(member, entry):
                    comment.entry = entry
                    shown.append(comment)
        if len(shown) == limit:
            break
    return shown


# What the home page shows of an answer's entry, and what access.can_see_comments reads.
ENTRY_SHOWN = ("id", "title", "status", "revision_of_id", "organisation_id", "author_id")
