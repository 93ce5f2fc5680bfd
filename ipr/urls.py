from django.urls import path

from . import views

app_name = "ipr"

urlpatterns = [
    path("", views.ipr_list, name="list"),
    path("new/", views.ipr_new, name="new"),
    path("new/<str:kind>/", views.ipr_create, name="create"),
    path("<int:pk>/", views.ipr_detail, name="detail"),
    path("<int:pk>/edit/", views.ipr_edit, name="edit"),
    path("<int:pk>/submit/", views.ipr_submit, name="submit"),
    path("<int:pk>/authorization-letter.pdf", views.ipr_letter_pdf, name="letter_pdf"),
    path("<int:pk>/authorization-letter/", views.ipr_letter_upload, name="letter_upload"),
    path("<int:pk>/renew/", views.confirm_renew, name="confirm_renew"),
    path("<int:pk>/renew/confirm/", views.renew, name="renew"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/approve/", views.confirm_approve, name="confirm_approve"),
    path("review/<int:pk>/approve/confirm/", views.approve, name="approve"),
    path("review/<int:pk>/reject/", views.confirm_reject, name="confirm_reject"),
    path("review/<int:pk>/reject/confirm/", views.reject, name="reject"),
    path("review/<int:pk>/invalid/", views.confirm_mark_invalid, name="confirm_mark_invalid"),
    path("review/<int:pk>/invalid/confirm/", views.mark_invalid, name="mark_invalid"),
]
