from django.urls import path, reverse_lazy
from django.views.generic import RedirectView

from .views import owner, review

app_name = "ipr"

urlpatterns = [
    path("", owner.ipr_list, name="list"),
    path("new/", owner.ipr_new, name="new"),
    path("new/<str:kind>/", owner.ipr_create, name="create"),
    path("<int:pk>/", owner.ipr_detail, name="detail"),
    path("<int:pk>/edit/", owner.ipr_edit, name="edit"),
    path("<int:pk>/submit/", owner.ipr_submit, name="submit"),
    path("<int:pk>/authorization-letter.pdf", owner.ipr_letter_pdf, name="letter_pdf"),
    path("<int:pk>/authorization-letter/", owner.ipr_letter_upload, name="letter_upload"),
    path("<int:pk>/renew/", owner.confirm_renew, name="confirm_renew"),
    path("<int:pk>/renew/confirm/", owner.renew, name="renew"),
    # Retired: the Workbench's IPR queue replaces the former IPR queue page.
    path(
        "review/",
        RedirectView.as_view(url=reverse_lazy("reviews:queue", args=["iprs"]), permanent=True),
        name="review_queue",
    ),
    path("review/<int:pk>/", review.review, name="review"),
    path("review/<int:pk>/approve/", review.confirm_approve, name="confirm_approve"),
    path("review/<int:pk>/approve/confirm/", review.approve, name="approve"),
    path("review/<int:pk>/reject/", review.confirm_reject, name="confirm_reject"),
    path("review/<int:pk>/reject/confirm/", review.reject, name="reject"),
    path("review/<int:pk>/invalid/", review.confirm_mark_invalid, name="confirm_mark_invalid"),
    path("review/<int:pk>/invalid/confirm/", review.mark_invalid, name="mark_invalid"),
]
