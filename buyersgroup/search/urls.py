from django.urls import path

from buyersgroup.search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.<str:file_format>", views.export, name="export"),
]
