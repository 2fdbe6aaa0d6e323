"""/api/: the members' read-only API (v1), its schema and its pages.

Room is left beside v1/ for other machine-readable exports (e.g. /api/ocds/).
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from buyersgroup.api import pages, views

app_name = "api"

router = SimpleRouter()
router.register("tenders", views.TenderViewSet, basename="tender")
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("criteria", views.CriterionViewSet, basename="criterion")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", pages.documentation, name="docs"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.revoke, name="revoke"),
]
