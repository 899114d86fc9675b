from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.map_view, name="map"),
    path("new/", views.create, name="create"),
    path("import/", views.import_csv, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/convention/", views.convention, name="convention"),
    path("<int:pk>/convention/download/", views.convention_download, name="convention_download"),
]
