"""The entry pages of one kind, mounted in the kind's own URL namespace, and the core's pages.

In a kind's urls.py::

    app_name = "tenders"
    urlpatterns = [path("", views.tender_list, name="list"), ..., *entry_urlpatterns(kind)]

Every kind must also name a ``list`` and a ``mine`` page (its lists are its own).
"""

from __future__ import annotations

from django.urls import path

from buyersgroup.entries import queue, views

# The entry URLs every kind has; the permission matrix (tests/entries) walks each of them.
ENTRY_URL_NAMES = (
    "create", "detail", "edit", "delete", "review", "history", "upload_document", "delete_document", "act",
)


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
        path("<int:pk>/<slug:action>/", views.act, k, name="act"),
    ]


app_name = "entries"

urlpatterns = [
    path("review-queue/", queue.review_queue, name="review_queue"),
]
