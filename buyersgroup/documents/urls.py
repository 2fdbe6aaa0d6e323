from django.urls import path

from buyersgroup.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/download/", views.download, name="download"),
    path("all/<int:content_type_id>/<int:object_id>/", views.download_all, name="download_all"),
]
