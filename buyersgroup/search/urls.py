from django.urls import path

from buyersgroup.search import saved_views, views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.<str:file_format>", views.export, name="export"),
    path("saved/", saved_views.saved_list, name="saved"),
    path("saved/save/", saved_views.save, name="save"),
    path("saved/<int:pk>/", saved_views.edit, name="saved_edit"),
    path("saved/<int:pk>/delete/", saved_views.delete, name="saved_delete"),
    path("unsubscribe/<str:token>/", saved_views.unsubscribe, name="unsubscribe"),
]
