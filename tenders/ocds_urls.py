from django.urls import path

from tenders import ocds_views

app_name = "ocds"

urlpatterns = [
    path("releases.json", ocds_views.releases, name="releases"),
    path("tenders/<int:pk>.json", ocds_views.tender, name="tender"),
    path("extension/<str:name>", ocds_views.extension, name="extension"),
]
