from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api import pages as api_pages
from core import account_views, notice_views, pwa
from portal import inspection_page
from portal import views as portal_views

handler500 = "api.errors.server_error"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("search/", portal_views.search_page, name="search"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="web-manifest"),
    path("accounts/login/", account_views.PasswordLoginView.as_view(), name="login"),
    path("accounts/login/code/", account_views.login_code, name="login-code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("staff.urls")),
    path("inspections/<int:pk>/", inspection_page.inspection_detail, name="inspection-detail"),
    path("inspections/", include("inspection.urls")),
    path("inspections/", include("findings.fieldwork_urls")),
    path("findings/", include("findings.urls")),
    path("discipline/", include("discipline.urls")),
    path("reports/", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("notifications/", notice_views.notice_list, name="notices"),
    path("notifications/<int:pk>/open/", notice_views.notice_open, name="notice-open"),
    path("notifications/read-all/", notice_views.notices_read_all, name="notices-read-all"),
    path("account/notifications/", notice_views.notice_preferences, name="notice-preferences"),
    path("account/", account_views.account_home, name="account"),
    path("account/two-factor/", account_views.two_factor_page, name="two-factor"),
    path("account/devices/", api_pages.device_tokens, name="device-tokens"),
    path("account/devices/<int:pk>/revoke/", api_pages.device_token_revoke, name="device-token-revoke"),
    path("admin/", admin.site.urls),
]
