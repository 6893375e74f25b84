"""factory_boy factories for the core models (tenants, channels, agents, chats, messages)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from multichat.chats.models import Chat, Contact, Message
from multichat.tenants.models import Agent, Channel, Tenant


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tenant-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class MetaChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    tenant = factory.SubFactory(TenantFactory)
    key = factory.Sequence(lambda n: f"meta-{n}")
    provider = "meta"
    phone_number_id = factory.Sequence(lambda n: f"1100000000{n:05d}")
    display_phone_number = "5511940001234"
    app_secret = factory.Sequence(lambda n: f"app-secret-{n}")
    verify_token = factory.Sequence(lambda n: f"verify-{n}")
    access_token = "meta-access-token"
    api_base_url = "https://graph.facebook.com/v21.0"


class EvolutionChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    tenant = factory.SubFactory(TenantFactory)
    key = factory.Sequence(lambda n: f"evo-{n}")
    provider = "evolution"
    instance = factory.Sequence(lambda n: f"instance-{n}")
    api_key = factory.Sequence(lambda n: f"EVOKEY{n:06d}")
    api_base_url = "http://127.0.0.1:8080"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-pass")


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    tenant = factory.SubFactory(TenantFactory)
    role = "agent"

    @factory.post_generation
    def channels(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.channels.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    channel = factory.SubFactory(MetaChannelFactory)
    jid = factory.Sequence(lambda n: f"55119{n:08d}")
    phone = factory.LazyAttribute(lambda o: o.jid.split("@")[0])
    name = factory.Sequence(lambda n: f"Cliente {n}")


class ChatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chat

    channel = factory.SubFactory(MetaChannelFactory)
    contact = factory.SubFactory(ContactFactory, channel=factory.SelfAttribute("..channel"))
    chat_id = factory.LazyAttribute(lambda o: o.contact.jid)
    last_activity_at = factory.LazyFunction(lambda: datetime(2025, 7, 1, 12, 0, tzinfo=UTC))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    chat = factory.SubFactory(ChatFactory)
    channel = factory.LazyAttribute(lambda o: o.chat.channel)
    provider_message_id = factory.Sequence(lambda n: f"wamid.TEST{n:08d}")
    from_me = False
    origin = "customer"
    type = "text"
    content = factory.Sequence(lambda n: f"mensagem {n}")
    timestamp = factory.Sequence(lambda n: datetime(2025, 7, 1, 12, 0, n % 60, tzinfo=UTC))
    status = "delivered"


def token_for(user: Any) -> str:
    token, _ = Token.objects.get_or_create(user=user)
    return str(token.key)
