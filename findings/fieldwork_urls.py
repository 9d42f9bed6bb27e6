"""The fieldwork pages' addresses, under /inspections/ (``config/urls.py``)."""

from django.urls import path

from findings import fieldwork

urlpatterns = [
    path("<int:pk>/fieldwork/", fieldwork.fieldwork, name="inspection-fieldwork"),
    path("<int:pk>/fieldwork/<int:unit_id>/result/", fieldwork.result_record, name="inspection-result"),
    path("<int:pk>/fieldwork/<int:unit_id>/check-in/", fieldwork.check_in, name="inspection-check-in"),
    path("<int:pk>/findings/new/", fieldwork.finding_new, name="finding-new"),
]
