from django.urls import path

from reports import case_views, minutes_views, summary_views, views

urlpatterns = [
    path("inspections/<int:pk>/draft/", views.report_draft, name="report-draft"),
    path("inspections/<int:pk>/preview/", views.report_preview, name="report-preview"),
    path("inspections/<int:pk>/issue/", views.inspection_issue, name="report-issue"),
    path("inspections/<int:pk>/minutes/<int:unit_id>/", minutes_views.minutes_page, name="minutes-page"),
    path("previews/<int:pk>/", views.report_preview_job, name="report-preview-job"),
    path("issued/<int:pk>/", views.issued_detail, name="issued-report"),
    path("issued/<int:pk>/verify/", views.issued_verify, name="issued-verify"),
    path("issued/<int:pk>/correct/", views.issued_correct, name="issued-correct"),
    path("<slug:kind>/<int:pk>/download/", views.rendered_download, name="rendered-download"),
    path("<slug:kind>/<int:pk>/status/", views.rendered_status, name="rendered-status"),
    path("<slug:kind>/<int:pk>/retry/", views.rendered_retry, name="rendered-retry"),
    path("verify/", views.verify_upload, name="verify-upload"),
    path("summary/", summary_views.summary, name="summary"),
    path("summary/pdf/", summary_views.summary_pdf, name="summary-pdf"),
    path("summary/<int:pk>/", summary_views.summary_job, name="summary-job"),
    path("summary/list/<slug:what>/", summary_views.summary_list, name="summary-list"),
    path("export/<slug:what>.<slug:fmt>", views.export, name="export"),
    path("exports/<int:pk>/", views.export_job, name="export-job"),
    path("cases/<int:pk>.pdf", case_views.case_pdf, name="case-pdf"),
]
