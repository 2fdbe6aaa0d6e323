from django.conf import settings

from buyersgroup import access


def portal(request):
    user = getattr(request, "user", None)
    from buyersgroup.entries import registry

    return {
        "entry_kinds": registry.kinds(),
        "is_coordinator": access.is_coordinator(user),
        "contact_email": settings.CONTACT_EMAIL,
    }
