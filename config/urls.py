from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from mostovi.core import views as core_views
from mostovi.core.api import api
from mostovi.core.health import readyz

admin.site.site_header = "Mostovi"
admin.site.site_title = "Mostovi"
admin.site.login_template = None

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("open-data/", include("mostovi.opendata.urls_files")),
]
urlpatterns += i18n_patterns(
    path("", include("mostovi.core.urls")),
    path("accounts/", include("allauth.urls")),
    # /privacy/, /me/export/ and /me/close/: the privacy notice and a person's rights over their data.
    path("", include("mostovi.accounts.privacy_urls")),
    path("me/", include("mostovi.accounts.urls")),
    path("directory/", include("mostovi.directory.urls")),
    path("projects/", include("mostovi.projects.urls")),
    path("partnerships/", include("mostovi.partnerships.urls")),
    path("exchange/", include("mostovi.exchange.urls")),
    path("funding/", include("mostovi.funding.urls")),
    path("evaluation/", include("mostovi.evaluation.urls")),
    path("procedures/", include("mostovi.procedures.urls")),
    path("handover/", include("mostovi.handover.urls")),
    path("open-data/", include("mostovi.opendata.urls")),
    path("networks/", include("mostovi.networks.urls")),
    path("authorities/", include("mostovi.profiles.urls")),
    path("translations/", include("mostovi.translations.urls")),
    prefix_default_language=True,
)

handler400 = "mostovi.core.views.error_400"
handler403 = "mostovi.core.views.error_403"
handler404 = "mostovi.core.views.error_404"
handler500 = "mostovi.core.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
