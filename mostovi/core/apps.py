from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mostovi.core"
    label = "core"
    verbose_name = "Mostovi"
