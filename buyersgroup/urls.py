from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from buyersgroup.core import views as core

# The admin logs in through allauth: same rate limits, same two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core.landing, name="home"),
    path("accessibility/", core.accessibility, name="accessibility"),
    path("privacy/", core.privacy, name="privacy"),
    path("healthz", core.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("buyersgroup.entries.urls")),
    path("tenders/", include("tenders.urls")),
    path("practices/", include("practices.urls")),
    path("members/", include("buyersgroup.members.urls")),
    path("reference/", include("buyersgroup.taxonomy.urls")),
    path("documents/", include("buyersgroup.documents.urls")),
    path("search/", include("buyersgroup.search.urls")),
    path("admin/", admin.site.urls),
]
