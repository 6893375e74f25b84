"""Contacts, chats, messages and what hangs off them (reactions, early statuses, reads).

Ordering: a message's `id` is the server-side sequence; pages are ordered by provider
`timestamp` then `id`, which is stable when several messages share a second.
Unread counts are per user: `Chat.inbound_count` counts inbound messages and each
`ChatReadState` remembers the count its user had read, so unread = the difference.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from multichat.tenants.models import Channel


class Contact(models.Model):
    """A person on a channel. `jid` is the primary identity (phone jid or Meta wa_id);
    `alt_jid` the other one (Evolution `@lid`, Meta business-scoped user id)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="contacts")
    jid = models.CharField(max_length=128)
    alt_jid = models.CharField(max_length=128, blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    name = models.CharField(max_length=200, blank=True, default="")
    avatar_url = models.URLField(max_length=1000, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "jid"], name="contact_unique_per_channel")
        ]

    def __str__(self) -> str:
        return self.jid


class Chat(models.Model):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="chats")
    chat_id = models.CharField(max_length=128)
    alt_chat_id = models.CharField(max_length=128, blank=True, default="")
    is_group = models.BooleanField(default=False)
    name = models.CharField(max_length=200, blank=True, default="")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="chats"
    )
    last_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Never null, so keyset pagination over "newest activity first" is total.
    last_activity_at = models.DateTimeField()
    message_count = models.PositiveIntegerField(default=0)
    inbound_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "chat_id"], name="chat_unique_per_channel")
        ]
        indexes = [
            models.Index(fields=["channel", "alt_chat_id"], name="chat_alt_idx"),
            models.Index(fields=["-last_activity_at", "-id"], name="chat_activity_idx"),
        ]

    def __str__(self) -> str:
        return self.chat_id


class MessageType(models.TextChoices):
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"
    INTERACTIVE = "interactive"
    UNSUPPORTED = "unsupported"


class MessageStatus(models.TextChoices):
    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class MessageOrigin(models.TextChoices):
    CUSTOMER = "customer"  # inbound
    INBOX = "inbox"  # typed by an agent in multichat
    API = "api"  # sent through the provider API by something else
    PHONE = "phone"  # typed on the linked phone / WhatsApp app


class Message(models.Model):
    id = models.BigAutoField(primary_key=True)
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="messages")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    # Null until the provider accepts an outbound message and gives it an id.
    # NULL (not "") so the uniqueness constraints ignore rows that have no id yet.
    provider_message_id = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    client_id = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    from_me = models.BooleanField(default=False)
    origin = models.CharField(max_length=16, choices=MessageOrigin.choices)
    type = models.CharField(max_length=16, choices=MessageType.choices)
    content = models.TextField(blank=True, default="")
    media = models.JSONField(null=True, blank=True)
    # Type-specific structure: location coordinates, contact cards, interactive payload.
    details = models.JSONField(null=True, blank=True)
    timestamp = models.DateTimeField()
    sender = models.CharField(max_length=128, blank=True, default="")
    sender_name = models.CharField(max_length=200, blank=True, default="")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=MessageStatus.choices)
    status_at = models.DateTimeField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)
    reply_to = models.CharField(max_length=200, blank=True, default="")
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_message_id"], name="message_unique_per_channel"
            ),
            models.UniqueConstraint(fields=["chat", "client_id"], name="message_client_id_unique"),
        ]
        indexes = [models.Index(fields=["chat", "-timestamp", "-id"], name="message_page_idx")]

    def __str__(self) -> str:
        return f"{self.id}:{self.provider_message_id}"


class Reaction(models.Model):
    """One sender's current emoji on a message. Kept by target id so a reaction that
    arrives before its target is attached when the target is stored."""

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="reactions")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    target_provider_message_id = models.CharField(max_length=200)
    sender = models.CharField(max_length=128)
    from_me = models.BooleanField(default=False)
    emoji = models.CharField(max_length=32)
    provider_message_id = models.CharField(max_length=200, blank=True, default="")
    timestamp = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["chat", "target_provider_message_id", "sender"],
                name="reaction_one_per_sender",
            )
        ]

    def __str__(self) -> str:
        return f"{self.emoji} on {self.target_provider_message_id}"


class EarlyStatus(models.Model):
    """A status that arrived before its message (send-call/webhook race); applied when the
    message with that provider id is stored."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    provider_message_id = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=MessageStatus.choices)
    timestamp = models.DateTimeField()
    error = models.JSONField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "provider_message_id"], name="early_status_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} for {self.provider_message_id}"


class ChatReadState(models.Model):
    """How far one user has read one chat, as the chat's inbound count at that time."""

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_inbound_count = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chat", "user"], name="read_state_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} read {self.read_inbound_count} in chat {self.chat_id}"


class OutboundSend(models.Model):
    """The sending state of one message typed in the inbox: the durable send queue.

    A row is created with its pending message, in the same transaction, so a send is
    never lost by a crash. Sender processes claim due rows with a lease (one owner at a
    time); `in_flight_since` is committed just before the provider call, so a row whose
    owner died mid-call is known to be "in doubt" (the provider may have it).
    """

    message = models.OneToOneField(
        Message, primary_key=True, on_delete=models.CASCADE, related_name="outbound"
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease_owner = models.CharField(max_length=64, blank=True, default="")
    lease_until = models.DateTimeField(null=True, blank=True)
    in_flight_since = models.DateTimeField(null=True, blank=True)
    finished = models.BooleanField(default=False)
    last_error = models.JSONField(null=True, blank=True)
    # An uploaded attachment waiting to be sent: a path relative to OUTBOUND_MEDIA_DIR.
    media_path = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["finished", "next_attempt_at"], name="outbound_due_idx")]

    def __str__(self) -> str:
        return f"send of message {self.message_id}"
