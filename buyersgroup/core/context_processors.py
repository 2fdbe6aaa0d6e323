from django.conf import settings

from buyersgroup import access


def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_coordinator": access.is_coordinator(user),
        "contact_email": settings.CONTACT_EMAIL,
    }
