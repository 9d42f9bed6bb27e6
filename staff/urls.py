from django.urls import path

from staff import views

urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/pick/", views.unit_pick, name="unit-pick"),
    path("staff/pick/", views.staff_pick, name="staff-pick"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("import/", views.org_import, name="org-import"),
    path("import/template/<slug:kind>/", views.org_import_template, name="org-import-template"),
]
