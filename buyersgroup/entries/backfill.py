"""Rows that questions.post() writes for each new comment, written for the comments already there:
by the migrations of every kind of entry, and by the benchmark's seeder (which copies comments in
bulk). SQL, so that it does not change when the models do."""

from django.db import migrations

_KIND = """
    JOIN django_content_type AS kind ON kind.id = comment.content_type_id AND kind.app_label = %s AND kind.model = %s
"""

# The entry's author follows its thread from its first comment on (an unfollow, a row with
# ``following`` False, stays).
_AUTHORS_FOLLOW = """
    INSERT INTO entries_follow (member_id, content_type_id, object_id, following)
    SELECT DISTINCT entry.author_id, comment.content_type_id, comment.object_id, TRUE
    FROM entries_comment AS comment {kind}
    JOIN {table} AS entry ON entry.id = comment.object_id
    WHERE entry.author_id IS NOT NULL
    ON CONFLICT (member_id, content_type_id, object_id) DO NOTHING
"""

# Each answer is on the home page of each member following its thread, but its own author.
_ANSWERS_NOTICED = """
    INSERT INTO entries_answernotice (member_id, comment_id, created_at)
    SELECT follow.member_id, comment.id, comment.created_at
    FROM entries_comment AS comment {kind}
    JOIN entries_follow AS follow ON follow.content_type_id = comment.content_type_id
         AND follow.object_id = comment.object_id AND follow.following
    WHERE comment.kind = 'answer' AND follow.member_id IS DISTINCT FROM comment.author_id
    ON CONFLICT (member_id, comment_id) DO NOTHING
"""


def statements(app_label: str, model_name: str) -> list[tuple[str, list]]:
    """The (SQL, parameters) that bring one kind's threads up to date, in order."""
    table = f"{app_label}_{model_name}"  # the kinds keep Django's default table names
    return [(sql.format(kind=_KIND, table=table), [app_label, model_name]) for sql in (_AUTHORS_FOLLOW, _ANSWERS_NOTICED)]


def threads(app_label: str, model_name: str) -> migrations.RunSQL:
    """The migration operation of statements()."""
    return migrations.RunSQL(statements(app_label, model_name), migrations.RunSQL.noop)
