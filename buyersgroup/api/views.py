"""The read-only API (SPEC §9): published tenders and practices, and the reference data.

The lists of tenders and practices are the search page's (buyersgroup.search.service):
the same filters, the same words search, the same order, the same pages — the query
string that gives a list on ``/search/?kind=tenders`` gives the same entries here.
Only published entries exist for the API, whoever owns the token: never a draft, a
pending edit or an entry under review, not even of the member's own organisation.
"""

from __future__ import annotations

import logging

import django_filters
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import Prefetch
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, pagination, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.renderers import JSONRenderer

from buyersgroup.api import serializers
from buyersgroup.api.authentication import IsActiveMember, TokenAuthentication
from buyersgroup.core.db import text_search
from buyersgroup.core.pagination import KnownCountPaginator
from buyersgroup.documents.models import Document
from buyersgroup.entries import content, registry
from buyersgroup.members.models import Organisation
from buyersgroup.search.filters import PracticeFilter, TenderFilter, errors_for_scripts
from buyersgroup.search.service import SORTS, Search
from buyersgroup.search.views import PAGE_SIZE
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from practices.models import Practice
from tenders.models import AppliedCriterion, Tender

logger = logging.getLogger(__name__)


class Pages(pagination.PageNumberPagination):
    page_size = PAGE_SIZE  # the search page's: ?page=2 is the same entries in both
    page_size_query_param = "page_size"
    max_page_size = 100
    count = None  # the number of rows when the view knows it (Search.count), else the paginator counts

    def django_paginator_class(self, object_list, per_page):
        if self.count is None:
            return Paginator(object_list, per_page)
        return KnownCountPaginator(object_list, per_page, count=self.count)


class ApiMixin:
    # Token in, JSON out; a visitor without a valid token gets 401, never the login page.

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsActiveMember]
    pagination_class = Pages

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(IsActiveMember.message)
        super().permission_denied(request, message, code)


# The parameters of a list besides its filters (the schema's, from filter_parameters and Pages).
PARAMETERS = ("sort", Pages.page_query_param, Pages.page_size_query_param, "format")
# Filters that take ids, and the list that gives them.
ID_SOURCES = {"category": "categories", "criterion": "criteria", "organisation": "organisations"}


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """The query parameters of a filter set (buyersgroup.search.filters), for the schema.

    Each choice's label follows its description as drf-spectacular writes a field's:
    "* `code` - Label", one a line."""
    parameters = []
    for name, item in filterset_class.base_filters.items():
        words = [str(item.label or "")]
        if item.extra.get("help_text"):
            words.append(str(item.extra["help_text"]))
        if name in ID_SOURCES:
            path = f"/api/v1/{ID_SOURCES[name]}/"
            words.append(lambda path=path: _("Ids from %(path)s.") % {"path": path})
        options = {}
        if isinstance(item, django_filters.ModelMultipleChoiceFilter):
            options.update(type=int, many=True)
        elif isinstance(item, django_filters.MultipleChoiceFilter):
            choices = item.extra["choices"]
            options.update(type=str, many=True, enum=[code for code, _label in choices])
            words += [f"* `{code}` - {label}" for code, label in choices]
        elif isinstance(item, django_filters.ModelChoiceFilter):
            options.update(type=int)
        elif isinstance(item, django_filters.NumberFilter):
            options.update(type=int if name.startswith("year") else float)
        else:
            options.update(type=str)
        parameters.append(OpenApiParameter(name, description=lazy_lines(words), **options))
    parameters.append(OpenApiParameter(
        "sort", type=str, enum=list(SORTS),
        description=_("Order: relevance (with words), newest (the default), oldest, value (tenders).")))
    return parameters


def _lines(words) -> str:
    texts = (word() if callable(word) else str(word) for word in words)
    return "\n".join(text for text in texts if text)


lazy_lines = lazy(_lines, str)  # the labels in the language of the request that builds the schema


def _documents():
    return Prefetch("documents", queryset=Document.objects.defer("text", "search_vector").order_by("created_at", "pk"),
                    to_attr="document_list")


def _listed(relation: str, to_attr: str, queryset=None) -> Prefetch:
    """A relation prefetched into a plain list (serializers read ``to_attr``): no queryset is built
    per entry."""
    return Prefetch(relation, queryset=queryset, to_attr=to_attr)


class TooLong(exceptions.APIException):
    status_code = 503
    default_detail = _("This search took too long and was stopped. Add words or filters and try again.")


class EntryViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    kind: str  # "tenders" or "practices": the search service's name of the kind
    model: type

    def get_queryset(self):
        return self.with_related(self.model.objects.published().visible_to(self.request.user))

    def with_related(self, queryset):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        params = request.query_params.copy()
        params["kind"] = self.kind
        found = Search(params, request.user)
        # The search page ignores a bad filter and says so; a script gets a 400.
        errors = errors_for_scripts(found.form, found.unused, request.query_params, PARAMETERS)
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            with text_search(bool(found.text)):  # as long as the search page may take, no longer
                self.paginator.count = found.count()
                rows = self.paginate_queryset(found.rows())
        except OperationalError:
            logger.warning("API search stopped by the statement timeout", exc_info=True)
            raise TooLong from None
        ids = [row["pk"] for row in rows]

        def serialised(pks):
            entries = self.with_related(self.model.objects.filter(pk__in=pks))
            return {item["id"]: item for item in self.get_serializer(entries, many=True).data}

        # Each entry's item is kept until it changes (buyersgroup.entries.content); its links are absolute.
        items = content.kept_items(registry.of(self.model), ids, request.build_absolute_uri("/"), serialised)
        return self.get_paginated_response(items)


@extend_schema_view(
    list=extend_schema(summary=_("Published tenders"), parameters=filter_parameters(TenderFilter)),
    retrieve=extend_schema(summary=_("One published tender")),
)
class TenderViewSet(EntryViewSet):
    kind, model = "tenders", Tender
    serializer_class = serializers.TenderSerializer

    def with_related(self, queryset):
        return queryset.select_related("organisation").prefetch_related(
            _listed("co_buyers", "co_buyer_list"), _listed("categories", "category_list"),
            _listed("additional_cpvs", "cpv_list"),
            _listed("applied_criteria", "criterion_list", AppliedCriterion.objects.select_related("criterion")),
            _listed("awarded_suppliers", "supplier_list"), _documents())


@extend_schema_view(
    list=extend_schema(summary=_("Published practices"), parameters=filter_parameters(PracticeFilter)),
    retrieve=extend_schema(summary=_("One published practice")),
)
class PracticeViewSet(EntryViewSet):
    kind, model = "practices", Practice
    serializer_class = serializers.PracticeSerializer

    def with_related(self, queryset):
        published_tenders = Tender.objects.published().only("pk").order_by("pk")
        return queryset.select_related("organisation").prefetch_related(
            _listed("categories", "category_list"), _listed("criteria", "criterion_list"),
            _listed("related_tenders", "tender_list", published_tenders), _documents())


@extend_schema_view(list=extend_schema(summary=_("Sustainability criteria")),
                    retrieve=extend_schema(summary=_("One criterion")))
class CriterionViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Criterion.objects.order_by("ordering", "code", "pk")
    serializer_class = serializers.CriterionSerializer


@extend_schema_view(list=extend_schema(summary=_("Product categories")),
                    retrieve=extend_schema(summary=_("One product category")))
class CategoryViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ProductCategory.objects.prefetch_related("cpv_codes").order_by("ordering", "slug", "pk")
    serializer_class = serializers.CategorySerializer


@extend_schema_view(list=extend_schema(summary=_("Organisations")),
                    retrieve=extend_schema(summary=_("One organisation")))
class OrganisationViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Organisation.objects.order_by("name", "pk")
    serializer_class = serializers.OrganisationSerializer


class SchemaView(ApiMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, to a token or to a member logged in to the portal."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    renderer_classes = [OpenApiJsonRenderer, JSONRenderer]  # JSON, errors included
    pagination_class = None
