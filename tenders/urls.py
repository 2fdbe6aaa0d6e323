from django.urls import path

from tenders import editing, review, views

app_name = "tenders"

urlpatterns = [
    path("", views.tender_list, name="list"),
    path("my-organisation/", views.my_organisation, name="mine"),
    path("new/", editing.create, name="create"),
    path("review-queue/", review.review_queue, name="review_queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/history/", views.history_page, name="history"),
    path("<int:pk>/edit/", editing.edit, name="edit"),
    path("<int:pk>/revise/", editing.revise, name="revise"),
    path("<int:pk>/delete/", editing.delete, name="delete"),
    path("<int:pk>/documents/add/", editing.upload_document, name="upload_document"),
    path("<int:pk>/documents/delete/", editing.delete_document, name="delete_document"),
    path("<int:pk>/<str:action>/", review.act, name="act"),
]
