from django.urls import path

from buyersgroup.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/download/", views.download, name="download"),
]
