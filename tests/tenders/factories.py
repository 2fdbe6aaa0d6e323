import factory

from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion
from tenders.models import AppliedCriterion, ProcedureType, Tender


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Refurbished laptops for schools, lot {n}")
    summary = "Framework for refurbished laptops with a five-year warranty and a take-back clause."
    procedure_type = ProcedureType.OPEN
    author = None
    organisation = factory.LazyAttribute(lambda o: o.author.organisation)
    status = Status.DRAFT
    main_cpv_id = "30213100"
    estimated_value = 250000


def apply_criterion(tender, code="CIRC-WARR", used_in="award", weight=10, **extra):
    return AppliedCriterion.objects.create(
        tender=tender, criterion=Criterion.objects.get(code=code), used_in=used_in, weight=weight, **extra
    )
