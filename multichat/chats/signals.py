"""Wake-ups the chats layer sends to whoever delivers its work (no business logic here).

`outbound_send_due` is sent after the commit of a transaction that made an outbound
message due (a new send, a manual retry). The sender (`multichat.outbound`, a layer
above) listens to it to start at once instead of at its next poll; losing it only
delays a send, because the queue itself is the `OutboundSend` table.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

outbound_send_due = Signal()


def _send_due() -> None:
    outbound_send_due.send(sender=None)


def wake_sender_on_commit() -> None:
    """Inside a transaction: signal `outbound_send_due` once it has committed."""
    transaction.on_commit(_send_due)
