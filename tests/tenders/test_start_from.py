"""'Start from this tender' (issue 13): a new draft of the member's own, pre-filled from a published tender."""

from django.urls import reverse

from buyersgroup.documents import services as documents
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tenders.models import Tender
from tests.entries.kinds import pdf_upload
from tests.tenders.factories import TenderFactory, apply_criterion
from tests.tenders.helpers import post_data

CREATE = reverse("tenders:create")


def _source(alice):
    source = TenderFactory(author=alice, status="published", title="Refurbished laptops for Gent schools",
                           procedure_type="neg-w-call", contract_type="supplies", framework_agreement=True,
                           main_cpv_id="30213100", awarded_value=455000, bids_received=4)
    source.categories.set(ProductCategory.objects.filter(slug__in=["laptops", "refurbished-equipment"]))
    source.additional_cpvs.set(["30213300", "50312000"])
    apply_criterion(source, "CIRC-REFURB", "specification", None, verification="audit", note="Our own remark.", position=0)
    apply_criterion(source, "CIRC-WARR", "award", 15, verification="self_declaration", position=1)
    source.awarded_suppliers.create(name="Circuit Refurb Belgium NV", position=0)
    documents.attach(source, pdf_upload(), doc_type="specification", language="nl", by=alice)
    return source


def test_the_published_tender_offers_to_start_from_it(client, alice, carol):
    source = _source(alice)
    client.force_login(carol)
    page = client.get(source.get_absolute_url()).content.decode()
    assert f'href="{CREATE}?from={source.pk}"' in page and "Start from this tender" in page


def test_the_new_draft_is_pre_filled_and_records_its_source(client, alice, carol, fedorg):
    source = _source(alice)
    client.force_login(carol)
    response = client.get(f"{CREATE}?from={source.pk}")
    page = response.content.decode()
    assert "Started from" in page and source.title in page
    form, criteria = response.context["form"], response.context["formsets"]["criteria"]
    assert form["procedure_type"].value() == "neg-w-call" and form["framework_agreement"].value() is True
    assert sorted(ProductCategory.objects.get(pk=pk).slug for pk in form["categories"].value()) == [
        "laptops", "refurbished-equipment"]
    assert "30213100" in page and "30213300" in page and "50312000" in page
    assert form["title"].value() is None and form["awarded_value"].value() is None  # the other buyer's facts stay theirs
    rows = [(f["criterion"].value(), f["used_in"].value(), f["weight"].value(), f["verification"].value(), f["note"].value())
            for f in criteria.forms if f["criterion"].value()]
    warranty, refurb = Criterion.objects.get(code="CIRC-WARR"), Criterion.objects.get(code="CIRC-REFURB")
    assert [(c, u, None if w is None else int(w), v, n) for c, u, w, v, n in rows] == [
        (refurb.pk, "specification", None, "audit", None),
        (warranty.pk, "award", 15, "self_declaration", None),
    ]
    assert len(criteria.forms) == 3  # and one empty row
    assert response.context["formsets"]["suppliers"].forms[0]["name"].value() is None

    # The member saves what they saw, with a title and summary of their own.
    data = post_data(form, *response.context["formsets"].values())
    data.update(title="Laptops for BOSA", summary="Refurbished laptops with a warranty.")
    response = client.post(f"{CREATE}?from={source.pk}", data)
    draft = Tender.objects.get(title="Laptops for BOSA")
    assert response.url == reverse("tenders:upload_document", args=[draft.pk])
    assert (draft.author, draft.organisation, draft.status, draft.started_from) == (carol, fedorg, "draft", source)
    assert [(a.criterion.code, a.used_in, a.weight, a.verification) for a in draft.applied_criteria.all()] == [
        ("CIRC-REFURB", "specification", None, "audit"), ("CIRC-WARR", "award", 15, "self_declaration")]
    assert sorted(c.pk for c in draft.additional_cpvs.all()) == ["30213300", "50312000"]
    assert draft.documents.count() == 0 and draft.awarded_suppliers.count() == 0  # not copied
    assert source.applied_criteria.count() == 2 and source.documents.count() == 1  # the source is untouched

    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Started from" in page and f'href="{source.get_absolute_url()}"' in page


def test_posted_author_and_organisation_stay_the_members_own(client, alice, carol, fedorg):
    source = _source(alice)
    client.force_login(carol)
    response = client.get(f"{CREATE}?from={source.pk}")
    data = post_data(response.context["form"], *response.context["formsets"].values())
    data.update(title="Mine", summary="Mine.", author=str(alice.pk), organisation=str(alice.organisation_id),
                started_from=str(source.pk + 1000))
    client.post(f"{CREATE}?from={source.pk}", data)
    draft = Tender.objects.get(title="Mine")
    assert (draft.author, draft.organisation, draft.started_from) == (carol, fedorg, source)


def test_a_tender_saved_without_from_records_no_source(client, alice, carol):
    source = _source(alice)
    client.force_login(carol)
    response = client.get(f"{CREATE}?from={source.pk}")
    data = post_data(response.context["form"], *response.context["formsets"].values())
    data.update(title="Typed afresh", summary="No source.")
    client.post(CREATE, data)
    assert Tender.objects.get(title="Typed afresh").started_from is None


def test_the_source_link_is_shown_only_to_who_may_see_the_source(client, alice, bob, carol):
    source = _source(alice)
    draft = TenderFactory(author=carol, status="published", title="BOSA laptops", started_from=source)
    client.force_login(bob)
    assert "Started from" in client.get(draft.get_absolute_url()).content.decode()
    Tender.objects.filter(pk=source.pk).update(status="archived")  # now seen by Gent and coordinators only
    assert "Started from" in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(carol)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Started from" not in page and source.title not in page


def test_deleting_the_source_keeps_the_draft(client, alice, carol):
    source = _source(alice)
    draft = TenderFactory(author=carol, status="draft", started_from=source)
    Tender.objects.filter(pk=source.pk).delete()
    draft.refresh_from_db()
    assert draft.started_from is None
