from django.urls import path

from . import privacy_views

app_name = "privacy"
urlpatterns = [
    path("privacy/", privacy_views.privacy_notice, name="notice"),
    path("me/export/", privacy_views.my_data_export, name="export"),
    path("me/close/", privacy_views.account_close, name="close"),
]
