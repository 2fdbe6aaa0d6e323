"""The entry pages of one kind, mounted in the kind's own URL namespace, and the core's pages.

In a kind's urls.py::

    app_name = "tenders"
    urlpatterns = [path("", views.tender_list, name="list"), ..., *entry_urlpatterns(kind)]

Every kind must also name a ``list`` and a ``mine`` page (its lists are its own).
"""

from __future__ import annotations

from django.urls import path

from buyersgroup.entries import question_views, queue, views

# The entry URLs every kind has; the permission matrix (tests/entries) walks each of them.
ENTRY_URL_NAMES = (
    "create", "detail", "edit", "delete", "review", "history", "upload_document", "delete_document", "act",
    "comment", "follow", "unfollow",
)
# The core's own URLs about one comment; tests/entries walks them for every persona too.
COMMENT_URL_NAMES = ("edit_comment", "hide_comment", "unfollow_link")


def entry_urlpatterns(kind) -> list:
    k = {"kind": kind}
    return [
        path("new/", views.create, k, name="create"),
        path("<int:pk>/", views.detail, k, name="detail"),
        path("<int:pk>/edit/", views.edit, k, name="edit"),
        path("<int:pk>/delete/", views.delete, k, name="delete"),
        path("<int:pk>/review/", views.review, k, name="review"),
        path("<int:pk>/history/", views.history_page, k, name="history"),
        path("<int:pk>/documents/add/", views.upload_document, k, name="upload_document"),
        path("<int:pk>/documents/delete/", views.delete_document, k, name="delete_document"),
        path("<int:pk>/questions/", question_views.post_comment, k, name="comment"),
        path("<int:pk>/questions/follow/", question_views.follow, k, name="follow"),
        path("<int:pk>/questions/unfollow/", question_views.unfollow, k, name="unfollow"),
        path("<int:pk>/<slug:action>/", views.act, k, name="act"),
    ]


app_name = "entries"

urlpatterns = [
    path("review-queue/", queue.review_queue, name="review_queue"),
    path("comments/<int:pk>/edit/", question_views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/hide/", question_views.hide_comment, name="hide_comment"),
    path("comments/unfollow/<str:token>/", question_views.unfollow_link, name="unfollow_link"),
]
