import factory
from django.contrib.auth.hashers import make_password

from buyersgroup.members.models import Member, Organisation
from buyersgroup.members.twofactor import enable_totp

PASSWORD = "a-long-test-password-2026"
_PASSWORD_HASH = make_password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Gemeente Voorbeeld {n}")
    level = "municipality"
    region = "flanders"
    email_domains = factory.LazyAttribute(lambda o: [f"org{abs(hash(o.name)) % 10**8}.be"])


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.be")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    organisation = factory.SubFactory(OrganisationFactory)
    password = _PASSWORD_HASH
    job_title = "Aankoper ICT"

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """allauth needs a verified EmailAddress row to let the member log in."""
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


def add_totp(member, secret=None):
    return enable_totp(member, secret)
