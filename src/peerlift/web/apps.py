from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "peerlift.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        # The networks' templates are imported like any file, but their models are the web app's.
        from peerlift.sources import frames
        from peerlift.store.imports import register_loader
        from peerlift.web import network_data

        register_loader(frames.NETWORK_MEMBERS, network_data.load_network_members)
        register_loader(frames.NETWORK_ACTIVITIES, network_data.load_network_activities)
