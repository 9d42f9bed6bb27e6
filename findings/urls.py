from django.urls import path

from findings import views

urlpatterns = [
    path("", views.finding_list, name="finding-list"),
    path("actions/", views.action_list, name="action-list"),
    path("inbox/", views.inbox, name="findings-inbox"),
    path("<int:pk>/", views.finding_detail, name="finding-detail"),
    path("<int:pk>/edit/", views.finding_edit, name="finding-edit"),
    path("<int:pk>/actions/add/", views.finding_add_action, name="finding-add-action"),
    path("<int:pk>/withdraw/", views.finding_withdraw, name="finding-withdraw"),
    path("<int:pk>/explain/", views.finding_explain, name="finding-explain"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/<slug:step>/", views.action_step, name="action-step"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
]
