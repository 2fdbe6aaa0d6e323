from django.urls import path

from buyersgroup.entries import registry
from buyersgroup.entries.urls import entry_urlpatterns
from practices import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("my-organisation/", views.my_organisation, name="mine"),
    path("<int:pk>/text/", views.text_download, name="text"),
    *entry_urlpatterns(registry.get("practices")),
]
