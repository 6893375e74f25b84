"""Meta WhatsApp Cloud API webhook adapter: signature check and payload parsing."""

from multichat.webhooks.providers.meta.adapter import MetaChannelBatch, parse_meta_payload
from multichat.webhooks.providers.meta.signature import signature_is_valid

__all__ = ["MetaChannelBatch", "parse_meta_payload", "signature_is_valid"]
