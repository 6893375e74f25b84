from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "multichat.realtime"
    label = "realtime"

    def ready(self) -> None:
        # Imported here: the app registry must be ready before models load.
        from multichat.realtime.log import add_commit_listener  # noqa: PLC0415

        # Every commit that appended events wakes the server processes.
        add_commit_listener(_publish)


def _publish() -> None:
    from multichat.realtime.brokers import get_broker  # noqa: PLC0415  (see ready())

    get_broker().publish()
