from django.urls import path

from discipline import views

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/<slug:step>/", views.case_step, name="case-step"),
    path("open/from-finding/<int:finding_pk>/", views.case_open, name="case-open"),
]
