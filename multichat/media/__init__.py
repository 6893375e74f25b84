"""Media in: the files of inbound messages, fetched from the provider and cached on disk.

`GET /api/messages/{id}/media/` (see docs/media.md). Layering: this package sits between
`webhooks` (which hands it the files Evolution sends inline) and `chats` (whose messages
and visibility rules it reads).
"""
