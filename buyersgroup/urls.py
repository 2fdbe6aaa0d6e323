from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from buyersgroup.core import views as core

# The admin logs in through allauth: same rate limits, same two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

handler500 = "buyersgroup.core.views.server_error"  # 503 while the database is unreachable

urlpatterns = [
    path("", core.landing, name="home"),
    path("accessibility/", core.accessibility, name="accessibility"),
    path("privacy/", core.privacy, name="privacy"),
    path("healthz", core.healthz, name="healthz"),
    path("i18n/setlang/", core.set_language, name="set_language"),
    # No public sign-up (SPEC §7): the address allauth would answer does not exist.
    path("accounts/signup/", core.no_signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("", include("buyersgroup.entries.urls")),
    path("tenders/", include("tenders.urls")),
    path("practices/", include("practices.urls")),
    path("members/", include("buyersgroup.members.urls")),
    path("reference/", include("buyersgroup.taxonomy.urls")),
    path("documents/", include("buyersgroup.documents.urls")),
    path("search/", include("buyersgroup.search.urls")),
    path("api/ocds/", include("tenders.ocds_urls")),
    path("api/", include("buyersgroup.api.urls")),
    path("insights/", include("buyersgroup.insights.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "buyersgroup.core.views.bad_request"
