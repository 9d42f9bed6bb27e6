from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views
from api.cases import CaseViewSet
from api.checklists import TemplateViewSet
from api.jobs import ExportViewSet, SummaryReportViewSet
from api.minutes import MinutesView
from api.previews import ReportPreviewViewSet
from api.search import SearchView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("staff", views.StaffViewSet, basename="staff")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("checklist-templates", TemplateViewSet, basename="template")
router.register("results", views.ResultViewSet, basename="result")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("actions", views.ActionViewSet, basename="action")
router.register("responses", views.ResponseViewSet, basename="response")
router.register("extension-requests", views.ExtensionViewSet, basename="extension")
router.register("explanations", views.ExplanationViewSet, basename="explanation")
router.register("disciplinary-cases", CaseViewSet, basename="case")
router.register("issued-reports", views.IssuedReportViewSet, basename="issued-report")
router.register("report-previews", ReportPreviewViewSet, basename="report-preview")
router.register("summary-reports", SummaryReportViewSet, basename="summary-report")
router.register("exports", ExportViewSet, basename="export")
router.register("issued-extracts", views.IssuedExtractViewSet, basename="issued-extract")
router.register("conclusion-notices", views.ConclusionNoticeViewSet, basename="conclusion-notice")
router.register("tokens", views.TokenViewSet, basename="token")
router.register("notices", views.NoticeViewSet, basename="notice")

urlpatterns = [
    path("auth/token/", views.LoginView.as_view(), name="login"),
    path("me/", views.MeView.as_view(), name="me"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("search/", SearchView.as_view(), name="search"),
    path("sync/", views.SyncView.as_view(), name="sync"),
    path("minutes/", MinutesView.as_view(), name="minutes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    re_path(r"^[\s\S]*$", views.not_found),
]
