from django.http import HttpResponse
from django.urls import path

from buyersgroup.urls import urlpatterns as portal


def empty(request):
    """Logged in (LoginRequiredMiddleware), through every middleware, nothing else."""
    return HttpResponse(b"", content_type="text/plain")


urlpatterns = [path("bench/empty/", empty, name="bench_empty"), *portal]
