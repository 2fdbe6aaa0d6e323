from django.urls import path

from buyersgroup.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("criteria/", views.criteria_list, name="criteria"),
    path("criteria/new/", views.criterion_create, name="criterion_create"),
    path("criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<slug:code>/", views.criterion_detail, name="criterion"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("cpv/", views.cpv_search, name="cpv_search"),
    path("cpv/lookup/", views.cpv_lookup, name="cpv_lookup"),
]
