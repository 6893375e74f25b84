"""The REST API (CONTRACT.md "REST"): thin views that validate, call one selector or
service, and serialize with `chats.serialization`. Routes are in `chats.urls`."""
