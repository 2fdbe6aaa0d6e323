"""Published tenders as Open Contracting Data Standard 1.1 releases (SPEC §9).

One release per published tender, in a release package. The mapping of each field
is here and nowhere else; the views (tenders/ocds_views.py) and the ``export_ocds``
command only choose which tenders and write the package.

- ``ocid``: ``settings.OCDS_PREFIX`` + "-" + the tender's id. The default prefix is a
  placeholder: register one with the Open Contracting Partnership before publishing.
- Release ``id``: the ocid and the time the tender last changed, so that it is stable
  for one version of the tender and new for the next.
- Sustainability criteria: the portal's own extension (tenders/ocds_extension/), which
  carries the fields of the OCDS Sustainability extension (``tender.hasSustainability``,
  ``tender.sustainability[]`` with ``goal`` and ``strategies``) plus the eForms codes
  BT-06 / BT-774 / BT-775 and the criteria with their weights. Its URL is in the
  package's ``extensions``.

Drafts never get here: every caller starts from ``Tender.objects.published()``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from buyersgroup.documents.models import OCDS_DOCUMENT_TYPE
from buyersgroup.members.models import normalise_enterprise_number, validate_enterprise_number
from buyersgroup.taxonomy.models import Pillar
from tenders.models import AppliedCriterion, ContractType, CriterionUse, ProcedureType, Stage, Tender

VERSION = "1.1"
CURRENCY = "EUR"
IDENTIFIER_SCHEME = "BE-BCE_KBO"  # org-id.guide: Crossroads Bank for Enterprises (KBO/BCE)
CHUNK = 500

# Procurement stage -> tender.status (closed tenderStatus codelist).
TENDER_STATUS = {
    Stage.PLANNED: "planned",
    Stage.OPEN: "active",
    Stage.AWARDED: "complete",
    Stage.RUNNING: "complete",
    Stage.COMPLETED: "complete",
    Stage.CANCELLED: "cancelled",
}
# Procurement stage -> release tag (closed releaseTag codelist): what the release describes.
TAGS = {
    Stage.PLANNED: ["planning"],
    Stage.OPEN: ["tender"],
    Stage.AWARDED: ["tender", "award"],
    Stage.RUNNING: ["tender", "award"],
    Stage.COMPLETED: ["tender", "award"],
    Stage.CANCELLED: ["tenderCancellation"],
}
AWARDED_STAGES = (Stage.AWARDED, Stage.RUNNING, Stage.COMPLETED)
# Procedure -> tender.procurementMethod (closed method codelist), as the OCDS-for-eForms mapping does.
# The Belgian name of the procedure goes to procurementMethodDetails.
PROCUREMENT_METHOD = {
    ProcedureType.OPEN: "open",
    ProcedureType.RESTRICTED: "selective",
    ProcedureType.NEGOTIATION: "selective",
    ProcedureType.DIALOGUE: "selective",
    ProcedureType.INNOVATION: "selective",
    ProcedureType.NEGOTIATED_NO_PUBLICATION: "limited",
    ProcedureType.BELOW_THRESHOLD: "limited",  # low-value: a few operators consulted, no publication
    ProcedureType.FRAMEWORK_CALL_OFF: "selective",  # among the framework's parties only
    ProcedureType.DPS: "selective",  # restricted-procedure rules among admitted operators
}
# Contract type -> tender.mainProcurementCategory (closed procurementCategory codelist).
MAIN_CATEGORY = {ContractType.SUPPLIES: "goods", ContractType.SERVICES: "services", ContractType.WORKS: "works"}
# Where a criterion was used -> sustainabilityStrategy code (market consultation only has none).
STRATEGY = {
    CriterionUse.SELECTION: "selectionCriteria",
    CriterionUse.SPECIFICATION: "technicalSpecifications",
    CriterionUse.AWARD: "awardCriteria",
    CriterionUse.CONTRACT_CLAUSE: "contractPerformanceConditions",
    CriterionUse.MARKET_CONSULTATION: None,
}
# Pillar -> (sustainabilityGoal, eForms BT-06, BT-774 environmental impact, BT-775 social objective).
GOALS = {
    Pillar.CIRCULARITY: ("environmental.circularEconomy", "env-imp", "circ-econ", None),
    Pillar.FAIR: ("social.humanRightsInSupplyChains", "soc-obj", None, "hum-right"),
    Pillar.CLIMATE: ("environmental.climateChangeMitigation", "env-imp", "clim-mitig", None),
    Pillar.HAZARDOUS: ("environmental.pollutionPrevention", "env-imp", "pollu-prev", None),
    Pillar.PACKAGING: ("environmental.circularEconomy", "env-imp", "circ-econ", None),
    Pillar.OTHER: (None, None, None, None),
}
# Criteria whose social objective is narrower than the fair pillar's.
CRITERION_GOALS = {
    "FAIR-ACCESS": ("social.accessibility", "soc-obj", None, "acc-all"),
    "FAIR-SOCEMP": ("social.disadvantagedEmploymentOpportunities", "soc-obj", None, "opp"),
}
BRUSSELS = ZoneInfo("Europe/Brussels")


def ocid(tender) -> str:
    return f"{settings.OCDS_PREFIX}-{tender.pk}"


def extension_url(base_url: str) -> str:
    return base_url.rstrip("/") + reverse("ocds:extension", args=["extension.json"])


def export_queryset(queryset=None):
    """Published tenders with everything a release shows, prefetched (a fixed number of queries per chunk)."""
    queryset = Tender.objects.published() if queryset is None else queryset
    return queryset.select_related("organisation", "main_cpv").prefetch_related(
        "co_buyers", "additional_cpvs", "awarded_suppliers", "documents",
        Prefetch("applied_criteria", AppliedCriterion.objects.select_related("criterion")),
    )


def _datetime(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return dt.datetime.combine(value, dt.time(), BRUSSELS).isoformat(timespec="seconds")


def _amount(value: Decimal | None) -> dict | None:
    if value is None:
        return None
    return {"amount": int(value) if value == value.to_integral_value() else float(value), "currency": CURRENCY}


def _belgian_number(value: str) -> str | None:
    """The 10 digits of a Belgian enterprise number (or BE VAT number), None for anything else."""
    text = value.strip().upper().replace(" ", "")
    if text.startswith("BE"):
        text = text[2:]
    if not text or any(ch.isalpha() for ch in text):
        return None
    try:
        validate_enterprise_number(text)
    except ValidationError:  # not a Belgian number: a foreign VAT number, or a typo
        return None
    return normalise_enterprise_number(text)


def _organisation_party(organisation, roles) -> dict:
    if organisation.enterprise_number:
        number = normalise_enterprise_number(organisation.enterprise_number)
        party = {"id": f"{IDENTIFIER_SCHEME}-{number}", "name": organisation.name,
                 "identifier": {"scheme": IDENTIFIER_SCHEME, "id": number, "legalName": organisation.name}}
    else:
        party = {"id": f"buyersgroup-organisation-{organisation.pk}", "name": organisation.name}
    party["address"] = {"countryName": "Belgium"}
    if organisation.website:
        party["contactPoint"] = {"url": organisation.website}
    party["roles"] = roles
    return party


def _supplier_party(supplier) -> dict:
    number = _belgian_number(supplier.enterprise_number) if supplier.enterprise_number else None
    if number:
        return {"id": f"{IDENTIFIER_SCHEME}-{number}", "name": supplier.name, "roles": ["supplier"],
                "identifier": {"scheme": IDENTIFIER_SCHEME, "id": number, "legalName": supplier.name}}
    party = {"id": f"supplier-{slugify(supplier.name)[:60] or supplier.pk}", "name": supplier.name,
             "roles": ["supplier"]}
    if supplier.enterprise_number:  # a foreign VAT number: no registered scheme to name
        party["identifier"] = {"id": supplier.enterprise_number.strip(), "legalName": supplier.name}
    return party


def _parties(tender) -> tuple[list[dict], dict, list[dict]]:
    """The parties, the buyer's reference, and the awarded suppliers' references."""
    parties: dict[str, dict] = {}

    def add(party):
        known = parties.get(party["id"])
        if known is None:
            parties[party["id"]] = party
        else:
            known["roles"] = list(dict.fromkeys(known["roles"] + party["roles"]))
        return {"id": party["id"], "name": party["name"]}

    buyer = add(_organisation_party(tender.organisation, ["buyer", "procuringEntity"]))
    for organisation in tender.co_buyers.all():
        add(_organisation_party(organisation, ["buyer"]))
    if tender.central_purchasing_body:
        name = tender.central_purchasing_body
        add({"id": f"wholesale-buyer-{slugify(name)[:60] or 'cpb'}", "name": name, "roles": ["wholesaleBuyer"]})
    suppliers = [add(_supplier_party(supplier)) for supplier in tender.awarded_suppliers.all()]
    suppliers = list({s["id"]: s for s in suppliers}.values())
    return list(parties.values()), buyer, suppliers


def _cpv(code) -> dict:
    return {"scheme": "CPV", "id": code.code, "description": code.label or code.label_en}


def _items(tender) -> list[dict]:
    codes = ([tender.main_cpv] if tender.main_cpv else []) + [
        c for c in tender.additional_cpvs.all() if c.code != tender.main_cpv_id]
    if not codes:
        return []
    item = {"id": "1", "description": tender.title, "classification": _cpv(codes[0])}
    if len(codes) > 1:
        item["additionalClassifications"] = [_cpv(code) for code in codes[1:]]
    return [item]


def _documents(tender, base_url: str) -> list[dict]:
    documents = []
    if tender.notice_url:  # the official notice (TED or e-Procurement), where it is published
        documents.append({"id": "notice", "documentType": "tenderNotice", "url": tender.notice_url})
    for document in tender.documents.all():
        entry = {"id": str(document.pk)}
        if document_type := OCDS_DOCUMENT_TYPE.get(document.doc_type):
            entry["documentType"] = document_type
        entry.update({
            "title": document.original_name,
            "url": base_url + reverse("documents:download", args=[document.pk]),
            "language": document.language,
            "format": document.mime,
            "datePublished": _datetime(document.created_at),
        })
        documents.append(entry)
    return documents


def _weight(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sustainability(tender) -> list[dict]:
    """One entry per goal, in the taxonomy's order of pillars, with its strategies and criteria."""
    goals: dict[tuple, dict] = {}
    for applied in tender.applied_criteria.all():
        criterion = applied.criterion
        goal, bt06, bt774, bt775 = CRITERION_GOALS.get(criterion.code) or GOALS.get(criterion.pillar, (None,) * 4)
        key = (goal, bt06, bt774, bt775)
        entry = goals.setdefault(key, {"criteria": [], "strategies": []})
        strategy = STRATEGY.get(applied.used_in)
        described = {"id": criterion.code, "name": criterion.name, "pillar": criterion.pillar}
        if strategy:
            described["strategy"] = strategy
            if strategy not in entry["strategies"]:
                entry["strategies"].append(strategy)
        if applied.weight is not None:
            described["weight"] = _weight(applied.weight)
        entry["criteria"].append(described)
    result = []
    for (goal, bt06, bt774, bt775), entry in goals.items():
        item = {}
        if goal:
            item["goal"] = goal
        if entry["strategies"]:
            item["strategies"] = entry["strategies"]
        item["description"] = "; ".join(f"{c['id']} {c['name']}" for c in entry["criteria"])
        for name, value in (("strategicProcurement", bt06), ("environmentalImpact", bt774),
                            ("socialObjective", bt775)):
            if value:
                item[name] = value
        item["criteria"] = entry["criteria"]
        result.append(item)
    return result


def _award_criteria_details(tender) -> str:
    award = [a for a in tender.applied_criteria.all() if a.used_in == CriterionUse.AWARD]
    parts = []
    for applied in award:
        text = f"{applied.criterion.code} {applied.criterion.name}"
        if applied.weight is not None:
            text += f" ({_weight(applied.weight)} %)"
        parts.append(text)
    return "; ".join(parts)


def release(tender, base_url: str) -> dict:
    """The OCDS release of one published tender, in the tender's language."""
    with translation.override(tender.language):
        return _release(tender, base_url.rstrip("/"))


def _release(tender, base_url: str) -> dict:
    parties, buyer, suppliers = _parties(tender)
    the_ocid = ocid(tender)
    tender_section = {
        "id": tender.reference or str(tender.pk),
        "title": tender.title,
        "description": tender.summary,
        "status": TENDER_STATUS[tender.stage],
        "procuringEntity": buyer,
        "procurementMethod": PROCUREMENT_METHOD[tender.procedure_type],
        "procurementMethodDetails": str(ProcedureType(tender.procedure_type).label),
        "mainProcurementCategory": MAIN_CATEGORY[tender.contract_type],
    }
    if tender.estimated_value is not None:
        tender_section["value"] = _amount(tender.estimated_value)
    if items := _items(tender):
        tender_section["items"] = items
    if tender.publication_date:
        tender_section["tenderPeriod"] = {"startDate": _datetime(tender.publication_date)}
    if tender.bids_received is not None:
        tender_section["numberOfTenderers"] = tender.bids_received
    if details := _award_criteria_details(tender):
        tender_section["awardCriteria"] = "ratedCriteria"
        tender_section["awardCriteriaDetails"] = details
    if tender.duration_months:
        tender_section["contractPeriod"] = {"durationInDays": round(tender.duration_months * 365.25 / 12)}
    if documents := _documents(tender, base_url):
        tender_section["documents"] = documents
    if sustainability := _sustainability(tender):
        tender_section["hasSustainability"] = True
        tender_section["sustainability"] = sustainability
    else:
        tender_section["hasSustainability"] = False

    data = {
        "ocid": the_ocid,
        "id": f"{the_ocid}-{tender.updated_at.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}",
        "date": _datetime(tender.updated_at),
        "tag": TAGS[tender.stage],
        "initiationType": "tender",
        "language": tender.language,
        "parties": parties,
        "buyer": buyer,
        "tender": tender_section,
    }
    if tender.stage in AWARDED_STAGES:
        award = {"id": f"{tender.pk}-award-1", "status": "active"}
        if tender.award_date:
            award["date"] = _datetime(tender.award_date)
        if tender.awarded_value is not None:
            award["value"] = _amount(tender.awarded_value)
        if suppliers:
            award["suppliers"] = suppliers
        if tender.duration_months:
            award["contractPeriod"] = {"durationInDays": tender_section["contractPeriod"]["durationInDays"]}
        data["awards"] = [award]
    return data


def package_metadata(uri: str, base_url: str) -> dict:
    """Everything of a release package but its releases."""
    base_url = base_url.rstrip("/")
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": [extension_url(base_url)],
        "publishedDate": _datetime(timezone.now()),
        "publisher": {"name": settings.OCDS_PUBLISHER_NAME, "uri": base_url + "/"},
    }


def package(tenders: Iterable, *, uri: str, base_url: str, **extra) -> dict:
    return {**package_metadata(uri, base_url), "releases": [release(t, base_url) for t in tenders], **extra}


def iter_tenders(queryset, chunk_size: int = CHUNK) -> Iterator:
    """Every tender of ``queryset``, prefetched a chunk at a time (never all in memory)."""
    ids = queryset.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=chunk_size)
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == chunk_size:
            yield from export_queryset(Tender.objects.filter(pk__in=batch)).order_by("pk")
            batch = []
    if batch:
        yield from export_queryset(Tender.objects.filter(pk__in=batch)).order_by("pk")


def write_package(stream, queryset, *, uri: str, base_url: str) -> int:
    """Write the release package of every tender of ``queryset`` to ``stream``, release by release.

    Returns the number of releases written.
    """
    metadata = json.dumps(package_metadata(uri, base_url), ensure_ascii=False)
    stream.write(metadata[:-1] + ', "releases": [')
    count = 0
    for tender in iter_tenders(queryset):
        stream.write(("\n" if count == 0 else ",\n") + json.dumps(release(tender, base_url), ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count
