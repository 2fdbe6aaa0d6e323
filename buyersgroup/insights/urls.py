from django.urls import path

from buyersgroup.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.page, name="page"),
    path("<slug:slug>.csv", views.figure_csv, name="csv"),
]
