from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.my_appeals, name="list"),
    path("new/<slug:kind>/<int:subject_id>/", views.new_appeal, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/withdraw/", views.confirm_withdraw, name="confirm_withdraw"),
    path("<int:pk>/withdraw/confirm/", views.withdraw, name="withdraw"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/start/", views.start, name="start"),
    path("<int:pk>/review/decide/", views.decide, name="decide"),
]
