"""The pages of questions and answers (buyersgroup.entries.questions), for every kind.

Entry-level views (post, follow, unfollow) are mounted per kind by ``entry_urlpatterns``;
comment-level ones (edit, hide, the unfollow link of an e-mail) in the core's namespace.
A comment on an entry the user may not see answers 404, like the entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from buyersgroup import access
from buyersgroup.core.security import record
from buyersgroup.entries import questions
from buyersgroup.entries.forms import CommentEditForm, CommentForm, HideCommentForm
from buyersgroup.entries.models import Comment
from buyersgroup.entries.views import detail_context, detail_queryset, get_visible, render_detail


def _thread_url(entry) -> str:
    return f"{entry.get_absolute_url()}#questions"


def _commentable(request, kind, pk):
    entry = get_visible(kind, request.user, pk)
    if not access.can_comment(request.user, entry):
        raise Http404
    return entry


@require_POST
def post_comment(request, pk, kind):
    """Post a question or an answer. On an error the entry's page comes back with the text kept."""
    entry = _commentable(request, kind, pk)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        if questions.within_rate_limit(request):
            comment = questions.post(entry, request.user, form.cleaned_data["kind"], form.cleaned_data["body"])
            messages.success(request, _("Posted. You follow this thread: you will get an e-mail for each new question or answer."))
            return redirect(f"{entry.get_absolute_url()}#comment-{comment.pk}")
        record("rate_limited", request, action="post_comment")
        form.add_error("body", _("You have posted many comments in a short time. Wait a few minutes, then send it again: your text is kept below."))
        status = 429
    entry = get_visible(kind, request.user, pk, detail_queryset(request, kind))
    return render_detail(request, kind, detail_context(request, kind, entry, comment_form=form), status=status)


@require_POST
def follow(request, pk, kind):
    entry = _commentable(request, kind, pk)
    questions.set_following(request.user, entry, True)
    messages.success(request, _("You follow this thread: you will get an e-mail for each new question or answer."))
    return redirect(_thread_url(entry))


@require_POST
def unfollow(request, pk, kind):
    entry = _commentable(request, kind, pk)
    questions.set_following(request.user, entry, False)
    messages.success(request, _("You no longer follow this thread: no more e-mails about it."))
    return redirect(_thread_url(entry))


# --- one comment ---------------------------------------------------------------------------


def _visible_comment(request, pk) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("content_type"), pk=pk)
    entry = comment.entry
    if entry is None or not access.can_see_comments(request.user, entry):
        raise Http404
    return comment


def edit_comment(request, pk):
    """Its author corrects a comment, for 15 minutes after posting."""
    comment = _visible_comment(request, pk)
    if comment.author_id != request.user.pk or not access.can_comment(request.user, comment.entry):
        raise Http404
    expired = not access.can_edit_comment(request.user, comment)
    if expired and request.method != "POST":
        messages.error(request, _("The 15 minutes to edit this comment are over."))
        return redirect(_thread_url(comment.entry))
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST":
        if expired:
            form.is_valid()
            form.add_error(None, _("The 15 minutes to edit this comment are over: your change was not saved. Copy your text if you need it."))
        elif form.is_valid():
            questions.edit(comment, form.cleaned_data["body"])
            messages.success(request, _("Your comment was changed."))
            return redirect(f"{comment.entry.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "entries/comment_edit.html",
                  {"comment": comment, "entry": comment.entry, "form": form, "expired": expired},
                  status=400 if form.errors else 200)


def hide_comment(request, pk):
    """A coordinator hides a comment, with a reason kept for the coordinators."""
    comment = _visible_comment(request, pk)
    if not access.is_coordinator(request.user):
        raise Http404
    if not access.can_hide_comment(request.user, comment):
        messages.info(request, _("This comment is already hidden."))
        return redirect(_thread_url(comment.entry))
    form = HideCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questions.hide(comment, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The comment is hidden. Members see that the secretariat hid it."))
        return redirect(f"{comment.entry.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "entries/comment_hide.html", {"comment": comment, "entry": comment.entry, "form": form},
                  status=400 if form.errors else 200)


@login_not_required
@csrf_exempt  # the signed token is the proof; mail programs' one-click POST (RFC 8058) has no cookie
def unfollow_link(request, token):
    """The link in each e-mail: stops that person's e-mails about that thread, without logging in.
    Opening it asks first (link checkers open links too); a POST, from that page or from the mail
    program's "Unsubscribe" button, stops them."""
    found = questions.read_unfollow_token(token)
    if found is None:
        return render(request, "entries/unfollow.html", {"refused": "invalid"}, status=404)
    member_id, content_type_id, object_id = found
    if request.user.is_authenticated and request.user.pk != member_id:
        return render(request, "entries/unfollow.html", {"refused": "other_person"}, status=403)
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    entry = model.objects.filter(pk=object_id).first() if model is not None else None
    member = get_user_model().objects.filter(pk=member_id).first()
    if entry is None or member is None:
        return render(request, "entries/unfollow.html", {"refused": "gone"}, status=404)
    done = False
    if request.method == "POST":
        questions.set_following(member, entry, False)
        done = True
    return render(request, "entries/unfollow.html", {"entry": entry, "done": done})
