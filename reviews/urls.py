from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("queue/<slug:name>/", views.queue, name="queue"),
    path("queue/<slug:name>/claim-next/", views.claim_next, name="claim_next"),
    path("queue/<slug:name>/<int:pk>/claim/", views.claim, name="claim"),
    path("queue/<slug:name>/<int:pk>/release/", views.release, name="release"),
    path("complaints/<int:pk>/", views.complaint, name="complaint"),
    path("complaints/<int:pk>/decisions/", views.decide_items, name="decide_items"),
    path("items/<int:pk>/undo/", views.confirm_undo, name="confirm_undo"),
    path("items/<int:pk>/undo/confirm/", views.undo, name="undo"),
    path("items/<int:pk>/accept/", views.confirm_accept, name="confirm_accept"),
    path("items/<int:pk>/accept/confirm/", views.accept, name="accept"),
    path("items/<int:pk>/reject/", views.confirm_reject, name="confirm_reject"),
    path("items/<int:pk>/reject/confirm/", views.reject, name="reject"),
    path("items/<int:pk>/reverse/", views.confirm_reverse, name="confirm_reverse"),
    path("items/<int:pk>/reverse/confirm/", views.reverse, name="reverse"),
    path("seller/", views.seller_home, name="seller_home"),
    path("seller/items/<int:pk>/", views.seller_item, name="seller_item"),
    path(
        "seller/items/<int:pk>/counter-notice/",
        views.submit_counter_notice,
        name="submit_counter_notice",
    ),
    path("sellers/<int:pk>/", views.seller_history, name="seller_history"),
    path("counter-notices/<int:pk>/", views.counter_notice, name="counter_notice"),
    path(
        "counter-notices/<int:pk>/accept/",
        views.confirm_accept_counter_notice,
        name="confirm_accept_counter_notice",
    ),
    path(
        "counter-notices/<int:pk>/accept/confirm/",
        views.accept_counter_notice,
        name="accept_counter_notice",
    ),
    path("counter-notices/<int:pk>/maintain/", views.maintain, name="maintain"),
    path("counter-notices/<int:pk>/decide/", views.confirm_decide, name="confirm_decide"),
    path("counter-notices/<int:pk>/decide/confirm/", views.decide, name="decide"),
]
