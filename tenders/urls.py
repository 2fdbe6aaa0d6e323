from django.urls import path

from buyersgroup.entries import registry
from buyersgroup.entries.urls import entry_urlpatterns
from tenders import views

app_name = "tenders"

urlpatterns = [
    path("", views.tender_list, name="list"),
    path("my-organisation/", views.my_organisation, name="mine"),
    path("suggest/", views.suggest, name="suggest"),
    *entry_urlpatterns(registry.get("tenders")),
]
