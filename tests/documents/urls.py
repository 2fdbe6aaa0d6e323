"""A minimal upload page for the form and upload-handler tests (the real ones live in tenders)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path

from buyersgroup.documents import services
from buyersgroup.documents.forms import DocumentUploadForm
from buyersgroup.urls import urlpatterns as portal_urls


def upload(request):
    form = DocumentUploadForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            return HttpResponse(f"accepted {form.inspection.kind}")
        services.record_refusal(request, form)
    html = render_to_string(
        "documents/_upload_form.html", {"upload_form": form, "upload_url": "/test-upload/"}, request=request
    )
    return HttpResponse(html, status=400 if form.errors else 200)


urlpatterns = [path("test-upload/", upload), *portal_urls]
