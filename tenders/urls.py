from django.urls import path

from buyersgroup.entries import registry
from buyersgroup.entries.urls import entry_urlpatterns
from tenders import import_views, views

app_name = "tenders"

urlpatterns = [
    path("", views.tender_list, name="list"),
    path("my-organisation/", views.my_organisation, name="mine"),
    path("suggest/", views.suggest, name="suggest"),
    path("import/", import_views.upload, name="import"),
    path("import/template.<str:file_format>", import_views.template, name="import_template"),
    path("import/<str:token>/", import_views.check, name="import_check"),
    *entry_urlpatterns(registry.get("tenders")),
]
