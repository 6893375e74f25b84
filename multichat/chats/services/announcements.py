"""Collects what a webhook changed and announces it once, at the end of the transaction.

A batch of ten messages to one chat gives ten `new_message` updates but one
`chat_update`, written after the last change so it carries the final state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from multichat.chats import events
from multichat.chats.models import Chat, Message


@dataclass
class PendingAnnouncements:
    new_messages: list[Message] = field(default_factory=list)
    updated_messages: dict[int, Message] = field(default_factory=dict)
    status_changes: dict[int, Message] = field(default_factory=dict)
    chats: dict[int, Chat] = field(default_factory=dict)

    def message_created(self, message: Message) -> None:
        self.new_messages.append(message)
        self.chats[message.chat_id] = message.chat

    def message_changed(self, message: Message) -> None:
        self.updated_messages[message.pk] = message

    def status_changed(self, message: Message) -> None:
        self.status_changes[message.pk] = message

    def chat_changed(self, chat: Chat) -> None:
        self.chats[chat.pk] = chat

    def flush(self) -> int:
        """Write the updates to the event log (inside the caller's transaction)."""
        count = 0
        created = {m.pk for m in self.new_messages}
        for message in self.new_messages:
            events.announce_new_message(message)
            count += 1
        for pk, message in self.updated_messages.items():
            if pk not in created:
                events.announce_message_update(message)
                count += 1
        for pk, message in self.status_changes.items():
            if pk not in created and pk not in self.updated_messages:
                events.announce_message_status(message)
                count += 1
        for chat in self.chats.values():
            events.announce_chat(chat)
            count += 1
        return count
