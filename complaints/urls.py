from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("export.csv", views.export_csv, name="export"),
    path("filters/save/", views.save_filter, name="save_filter"),
    path("filters/<int:pk>/delete/", views.delete_filter, name="delete_filter"),
    path("accuracy/", views.accuracy, name="accuracy"),
    path("new/", views.complaint_form, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.complaint_form, name="edit"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
