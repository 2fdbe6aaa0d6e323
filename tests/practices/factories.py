import factory

from buyersgroup.moderation.models import Status
from practices.models import Practice, PracticeType


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Take-back clause for laptops, version {n}")
    practice_type = PracticeType.BEST_PRACTICE
    summary = "How a municipality asked the supplier to take back and refurbish old laptops."
    body = "## What we did\n\nWe asked for a **take-back** clause."
    author = None
    organisation = factory.LazyAttribute(lambda o: o.author.organisation)
    status = Status.DRAFT
