from django.apps import AppConfig


class ChatsConfig(AppConfig):
    name = "multichat.chats"
    label = "chats"
