from django.urls import path

from findings import views

urlpatterns = [
    path("<int:pk>/", views.finding_detail, name="finding-detail"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
]
