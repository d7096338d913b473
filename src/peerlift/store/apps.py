from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "peerlift.store"
    label = "store"
    verbose_name = "Register"
    default_auto_field = "django.db.models.BigAutoField"
