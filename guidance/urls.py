from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.help_index, name="index"),
    path("platforms/<slug:slug>/", views.platform_guide, name="platform"),
    path("contact/", views.contact_page, name="contact"),
    path("dmca-agent/", views.dmca_agent, name="dmca_agent"),
    path("notice-policy/", views.notice_policy, name="notice_policy"),
]
