from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "peerlift.web"
    label = "web"
    verbose_name = "Web"
