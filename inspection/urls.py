from django.urls import path

from inspection import views

urlpatterns = [
    path("", views.inspection_list, name="inspection-list"),
    path("calendar/", views.inspection_calendar, name="inspection-calendar"),
    path("new/", views.inspection_create, name="inspection-create"),
    path("pick/targets/", views.target_pick, name="inspection-target-pick"),
    path("pick/bodies/", views.body_pick, name="inspection-body-pick"),
    path("pick/team/", views.team_pick, name="inspection-team-pick"),
    path("<int:pk>/edit/", views.inspection_edit, name="inspection-edit"),
    path("<int:pk>/do/<slug:action>/", views.inspection_transition, name="inspection-transition"),
    path("templates/", views.template_list, name="template-list"),
    path("templates/new/", views.template_create, name="template-create"),
    path("templates/<int:pk>/", views.template_detail, name="template-detail"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/schedule/", views.plan_schedule, name="plan-schedule"),
]
