"""Sending inbox messages through the channels' providers (Meta Cloud API, Evolution).

Above `chats` in the layers: it reads the durable queue (`chats.OutboundSend`), calls
the provider and records results through the chats services. See docs/outbound.md.
"""
