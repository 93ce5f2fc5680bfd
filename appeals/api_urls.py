from django.urls import path

from . import api

urlpatterns = [
    path("appeals/", api.Appeals.as_view(), name="api-appeals"),
    path("appeals/<int:pk>/", api.AppealDetail.as_view(), name="api-appeal"),
    path("appeals/<int:pk>/withdraw/", api.WithdrawAppeal.as_view(), name="api-appeal-withdraw"),
    path("appeals/<int:pk>/decide/", api.DecideAppeal.as_view(), name="api-appeal-decide"),
]
