"""What the API says about each thing: stable snake_case names, codes rather than labels.

Choice fields give their code (``"open"``, ``"circularity"``); the schema lists every
code. Amounts are decimal strings in euro, excluding VAT. Names of reference data
come in the three languages of the portal (``name_en``, ``name_nl``, ``name_fr``).
Nothing personal is published: no authors, no contact persons.

Related rows come prefetched into plain lists (``to_attr``, see views.EntryViewSet): Django
then builds no queryset per entry and relation, which was most of a list's time.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from buyersgroup.core.paths import path_maker
from buyersgroup.documents.models import Document
from buyersgroup.members.models import Organisation
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from practices.models import Practice
from tenders.models import AppliedCriterion, AwardedSupplier, Tender


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "level", "region", "enterprise_number", "website"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "pillar", "name_en", "name_nl", "name_fr", "description_en", "description_nl",
                  "description_fr", "verification_en", "verification_nl", "verification_fr", "is_active"]


class CategorySerializer(serializers.ModelSerializer):
    cpv_codes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ProductCategory
        fields = ["id", "slug", "name_en", "name_nl", "name_fr", "cpv_codes", "is_active"]


def absolute(context: dict, path: str) -> str:
    """``path`` as a full address; the request's host is checked once per response, not per link."""
    if "base_url" not in context:
        context["base_url"] = context["request"].build_absolute_uri("/").rstrip("/")
    return context["base_url"] + path


class DocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField(
        help_text=_("The portal's download address: it needs a member logged in to the portal."))

    class Meta:
        model = Document
        fields = ["id", "name", "doc_type", "language", "size", "mime", "download_url"]

    def get_download_url(self, document) -> str:
        if "download_path" not in self.context:  # one reverse() per response, not one per document
            self.context["download_path"] = path_maker("documents:download")
        return absolute(self.context, self.context["download_path"](document.pk))


class AppliedCriterionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code")
    pillar = serializers.CharField(source="criterion.pillar")

    class Meta:
        model = AppliedCriterion
        fields = ["code", "pillar", "used_in", "weight", "verification", "note"]


class AwardedSupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardedSupplier
        fields = ["name", "enterprise_number"]


class EntrySerializer(serializers.ModelSerializer):
    """What tenders and practices share."""

    web_url = serializers.SerializerMethodField(help_text=_("The entry's page in the portal."))
    organisation = OrganisationRefSerializer(read_only=True)
    categories = serializers.SerializerMethodField(help_text=_("Slugs of its product categories."))
    documents = DocumentSerializer(source="document_list", many=True, read_only=True)

    def get_web_url(self, entry) -> str:
        return absolute(self.context, entry.get_absolute_url())

    def get_categories(self, entry) -> list[str]:
        return [category.slug for category in entry.category_list]


class TenderSerializer(EntrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:tender-detail")
    co_buyers = OrganisationRefSerializer(source="co_buyer_list", many=True, read_only=True)
    main_cpv = serializers.CharField(source="main_cpv_id", allow_null=True, read_only=True)
    additional_cpvs = serializers.SerializerMethodField(help_text=_("Its other CPV codes."))
    criteria = AppliedCriterionSerializer(source="criterion_list", many=True, read_only=True)
    awarded_suppliers = AwardedSupplierSerializer(source="supplier_list", many=True, read_only=True)

    def get_additional_cpvs(self, tender) -> list[str]:
        return [cpv.code for cpv in tender.cpv_list]

    class Meta:
        model = Tender
        fields = ["id", "url", "web_url", "title", "reference", "summary", "language", "organisation", "co_buyers",
                  "categories", "main_cpv", "additional_cpvs", "contract_type", "procedure_type",
                  "framework_agreement", "central_purchasing_body", "estimated_value", "awarded_value",
                  "publication_date", "award_date", "duration_months", "stage", "notice_url", "document_languages",
                  "bids_received", "awarded_suppliers", "outcome", "lessons_learned", "criteria", "documents",
                  "published_at"]


class PracticeSerializer(EntrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:practice-detail")
    criteria = serializers.SerializerMethodField(help_text=_("Codes of the criteria it is about."))
    related_tenders = serializers.SerializerMethodField(
        help_text=_("The ids of the published tenders this practice is about."))

    def get_criteria(self, practice) -> list[str]:
        return [criterion.code for criterion in practice.criterion_list]

    def get_related_tenders(self, practice) -> list[int]:
        return [tender.pk for tender in practice.tender_list]

    class Meta:
        model = Practice
        fields = ["id", "url", "web_url", "title", "practice_type", "themes", "summary", "body", "recommendations",
                  "language", "organisation", "categories", "criteria", "related_tenders", "results",
                  "devices_reused", "lifetime_extension_years", "co2e_avoided_tonnes", "money_saved_eur", "documents",
                  "published_at"]
