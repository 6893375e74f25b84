"""REST routes under `/api/` (CONTRACT.md "Auth" and "REST")."""

from django.urls import URLPattern, URLResolver, path

from multichat.chats.apis.chats import ChatListApi, ChatReadApi
from multichat.chats.apis.me import MeApi
from multichat.chats.apis.messages import MessageListCreateApi, MessageRetryApi
from multichat.core.auth_api import TokenObtainApi
from multichat.realtime.apis import RealtimeTicketApi

urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenObtainApi.as_view(), name="auth-token"),
    path("me/", MeApi.as_view(), name="me"),
    path("chats/", ChatListApi.as_view(), name="chat-list"),
    path("realtime/ticket/", RealtimeTicketApi.as_view(), name="realtime-ticket"),
    path("chats/<int:chat_pk>/messages/", MessageListCreateApi.as_view(), name="chat-messages"),
    path("chats/<int:chat_pk>/read/", ChatReadApi.as_view(), name="chat-read"),
    path("messages/<int:message_pk>/retry/", MessageRetryApi.as_view(), name="message-retry"),
]
