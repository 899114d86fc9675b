from django.urls import path

from . import views

app_name = "translations"
urlpatterns = [
    path("<slug:content>/<int:pk>/<slug:field>/", views.translation_page, name="page"),
]
