"""Invalid provisioning files: every error with its JSON path, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from multichat.core.exceptions import InvalidInputError
from multichat.tenants.provisioning import provisioning_apply, provisioning_apply_file
from tests.factories import AgentFactory, EvolutionChannelFactory, MetaChannelFactory, UserFactory
from tests.tenants.test_provisioning import snapshot

pytestmark = pytest.mark.django_db

Doc = dict[str, Any]


def errors_of(document: Any) -> list[str]:
    with pytest.raises(InvalidInputError) as excinfo:
        provisioning_apply(document)
    assert isinstance(excinfo.value.details, list)
    return excinfo.value.details


def meta(doc: Doc) -> Doc:
    node: Doc = doc["tenants"][0]["channels"][0]
    return node


def evolution(doc: Doc) -> Doc:
    node: Doc = doc["tenants"][0]["channels"][1]
    return node


def agente(doc: Doc) -> Doc:
    node: Doc = doc["tenants"][0]["agents"][1]
    return node


def second_tenant(doc: Doc, **fields: Any) -> None:
    doc["tenants"].append({"slug": "outra", "name": "Outra Loja", **fields})


EVOLUTION_2 = {"provider": "evolution", "key": "e2", "api_key": "K", "api_base_url": "http://x"}


def agent_names_other_tenants_channel(doc: Doc) -> None:
    second_tenant(doc, channels=[EVOLUTION_2 | {"instance": "i2"}])
    agente(doc)["channels"] = ["e2"]


RULES: list[tuple[str, Callable[[Doc], object], str]] = [
    (
        "missing secret",
        lambda d: meta(d).pop("app_secret"),
        "$.tenants[0].channels[0].app_secret: Field required",
    ),
    (
        "unknown key",
        lambda d: evolution(d).update(apikey="x"),
        "$.tenants[0].channels[1].apikey: Extra inputs are not permitted",
    ),
    (
        "odd unknown key",
        lambda d: d["tenants"][0].update({"nome fantasia": "x"}),
        '$.tenants[0]["nome fantasia"]: Extra inputs are not permitted',
    ),
    (
        "unknown provider",
        lambda d: evolution(d).update(provider="waha"),
        "$.tenants[0].channels[1].provider: Input should be one of 'meta', 'evolution'",
    ),
    (
        "missing provider",
        lambda d: evolution(d).pop("provider"),
        "$.tenants[0].channels[1].provider: Field required",
    ),
    (
        "a field of the other provider",
        lambda d: evolution(d).update(phone_number_id="1"),
        "$.tenants[0].channels[1].phone_number_id: Extra inputs are not permitted",
    ),
    (
        "tenant slug not slug-shaped",
        lambda d: d["tenants"][0].update(slug="Loja Demo"),
        "$.tenants[0].slug: must be slug-shaped: lowercase letters, digits, '-' or '_'",
    ),
    (
        "channel key not slug-shaped",
        lambda d: meta(d).update(key="demo/meta"),
        "$.tenants[0].channels[0].key: must be slug-shaped: lowercase letters, digits, '-' or '_'",
    ),
    (
        "empty password",
        lambda d: agente(d).update(password=""),
        "$.tenants[0].agents[1].password: must not be empty",
    ),
    (
        "missing password",
        lambda d: agente(d).pop("password"),
        "$.tenants[0].agents[1].password: Field required",
    ),
    (
        "unknown role",
        lambda d: agente(d).update(role="owner"),
        "$.tenants[0].agents[1].role: Input should be 'admin' or 'agent'",
    ),
    (
        "url with another scheme",
        lambda d: evolution(d).update(api_base_url="ftp://127.0.0.1:8080"),
        "$.tenants[0].channels[1].api_base_url: "
        "must be an http(s) URL, e.g. https://graph.facebook.com/v21.0",
    ),
    (
        "url without host",
        lambda d: meta(d).update(api_base_url="graph.facebook.com"),
        "$.tenants[0].channels[0].api_base_url: "
        "must be an http(s) URL, e.g. https://graph.facebook.com/v21.0",
    ),
    (
        "id given as a number",
        lambda d: meta(d).update(phone_number_id=110000000000001),
        "$.tenants[0].channels[0].phone_number_id: Input should be a valid string",
    ),
    (
        "id with letters",
        lambda d: meta(d).update(phone_number_id="11000000000000A"),
        "$.tenants[0].channels[0].phone_number_id: must contain only digits",
    ),
    (
        "agent naming a channel its tenant lacks",
        lambda d: agente(d).update(channels=["demo-evolution", "vendas"]),
        "$.tenants[0].agents[1].channels[1]: no channel 'vendas' in tenant 'demo'",
    ),
    (
        "agent naming another tenant's channel",
        agent_names_other_tenants_channel,
        "$.tenants[0].agents[1].channels[0]: no channel 'e2' in tenant 'demo'",
    ),
    (
        "agent without channels",
        lambda d: agente(d).pop("channels"),
        "$.tenants[0].agents[1].channels: Field required for role 'agent'",
    ),
    (
        "agent with no channel",
        lambda d: agente(d).update(channels=[]),
        "$.tenants[0].agents[1].channels: an agent needs at least one channel",
    ),
    (
        "duplicate tenant slug",
        lambda d: d["tenants"].append({"slug": "demo", "name": "Again"}),
        "$.tenants[1].slug: duplicate tenant slug 'demo' (first at $.tenants[0].slug)",
    ),
    (
        "duplicate channel key in a tenant",
        lambda d: d["tenants"][0]["channels"].append(
            EVOLUTION_2 | {"key": "demo-meta", "instance": "i2"}
        ),
        "$.tenants[0].channels[2].key: duplicate channel key 'demo-meta' "
        "(first at $.tenants[0].channels[0].key)",
    ),
    (
        "duplicate phone_number_id across tenants",
        lambda d: second_tenant(d, channels=[meta(d) | {"key": "m2"}]),
        "$.tenants[1].channels[0].phone_number_id: duplicate phone_number_id "
        "'110000000000001' (first at $.tenants[0].channels[0].phone_number_id)",
    ),
    (
        "duplicate instance across tenants",
        lambda d: second_tenant(d, channels=[EVOLUTION_2 | {"instance": "loja-centro"}]),
        "$.tenants[1].channels[0].instance: duplicate instance 'loja-centro' "
        "(first at $.tenants[0].channels[1].instance)",
    ),
    (
        "duplicate username across tenants",
        lambda d: second_tenant(
            d, agents=[{"username": "admin", "password": "p", "role": "admin"}]
        ),
        "$.tenants[1].agents[0].username: duplicate username 'admin' "
        "(first at $.tenants[0].agents[0].username)",
    ),
    (
        "username with spaces",
        lambda d: agente(d).update(username="o agente"),
        "$.tenants[0].agents[1].username: may contain only letters, digits and @ . + - _",
    ),
    ("no tenants list", lambda d: d.pop("tenants"), "$.tenants: Field required"),
]


@pytest.mark.parametrize(
    ("change", "expected"), [(c, e) for _, c, e in RULES], ids=[name for name, _, _ in RULES]
)
def test_each_rule_reports_its_json_path(
    demo_document: Doc, change: Callable[[Doc], object], expected: str
) -> None:
    change(demo_document)

    assert errors_of(demo_document) == [expected]


def test_a_document_that_is_not_an_object_is_an_error_at_the_root() -> None:
    assert errors_of([]) == [
        "$: Input should be a valid dictionary or instance of ProvisionDocument"
    ]


def test_several_errors_are_reported_together(demo_document: Doc) -> None:
    meta(demo_document).pop("app_secret")
    evolution(demo_document)["api_base_url"] = "nowhere"
    agente(demo_document)["channels"] = ["vendas"]
    demo_document["tenants"].append({"slug": "demo", "name": "Again"})

    assert sorted(errors_of(demo_document)) == sorted(
        [
            "$.tenants[0].channels[0].app_secret: Field required",
            "$.tenants[0].channels[1].api_base_url: "
            "must be an http(s) URL, e.g. https://graph.facebook.com/v21.0",
            "$.tenants[0].agents[1].channels[0]: no channel 'vendas' in tenant 'demo'",
            "$.tenants[1].slug: duplicate tenant slug 'demo' (first at $.tenants[0].slug)",
        ]
    )


def test_an_invalid_file_changes_nothing_in_an_empty_database(demo_document: Doc) -> None:
    agente(demo_document)["channels"] = ["vendas"]

    errors_of(demo_document)

    assert all(rows == [] for rows in snapshot().values())


def test_an_invalid_file_changes_nothing_in_a_database_with_data(demo_document: Doc) -> None:
    provisioning_apply(demo_document)
    before = snapshot()
    demo_document["tenants"][0]["name"] = "Renamed"
    meta(demo_document)["app_secret"] = "rotated"
    agente(demo_document)["password"] = "changed"
    second_tenant(demo_document, agents=[{"username": "novo", "password": "p", "role": "admin"}])
    second_tenant_agent = demo_document["tenants"][1]["agents"][0]
    second_tenant_agent["channels"] = ["inexistente"]

    errors_of(demo_document)

    assert snapshot() == before


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (
            lambda other: MetaChannelFactory(tenant__slug=other, phone_number_id="110000000000001"),
            "$.tenants[0].channels[0].phone_number_id: "
            "'110000000000001' is already used by tenant 'outra'",
        ),
        (
            lambda other: EvolutionChannelFactory(tenant__slug=other, instance="loja-centro"),
            "$.tenants[0].channels[1].instance: 'loja-centro' is already used by tenant 'outra'",
        ),
        (
            lambda other: AgentFactory(tenant__slug=other, user=UserFactory(username="agente")),
            "$.tenants[0].agents[1].username: user 'agente' already belongs to tenant 'outra'",
        ),
    ],
    ids=["phone_number_id", "instance", "username"],
)
def test_a_value_owned_by_another_tenant_in_the_database_is_a_conflict(
    demo_document: Doc, existing: Callable[[str], object], expected: str
) -> None:
    existing("outra")
    before = snapshot()

    assert errors_of(demo_document) == [expected]
    assert snapshot() == before


def test_a_routing_id_held_by_another_channel_of_the_same_tenant_is_a_conflict(
    demo_document: Doc,
) -> None:
    provisioning_apply(demo_document)
    meta(demo_document)["key"] = "demo-meta-renamed"

    assert errors_of(demo_document) == [
        "$.tenants[0].channels[0].phone_number_id: "
        "'110000000000001' is already used by channel 'demo-meta' of this tenant"
    ]


def test_secret_values_never_appear_in_error_messages(demo_document: Doc) -> None:
    meta(demo_document)["app_secret"] = ["s3cr3t-in-a-list"]
    evolution(demo_document)["api_key"] = "x" * 301 + "s3cr3t-too-long"

    errors = errors_of(demo_document)

    assert errors == [
        "$.tenants[0].channels[0].app_secret: Input should be a valid string",
        "$.tenants[0].channels[1].api_key: String should have at most 300 characters",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"tenants": [', "$: invalid JSON: Expecting value: line 1 column 14 (char 13)"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
    ],
    ids=["invalid JSON", "not UTF-8"],
)
def test_a_file_that_is_not_json_is_an_error_at_the_root(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "provision.json"
    path.write_bytes(content)

    with pytest.raises(InvalidInputError) as excinfo:
        provisioning_apply_file(path)

    assert isinstance(excinfo.value.details, list)
    [error] = excinfo.value.details
    assert error.startswith("$: ")
    assert expected in error


def test_a_missing_file_is_an_error_at_the_root(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"

    with pytest.raises(InvalidInputError) as excinfo:
        provisioning_apply_file(path)

    assert excinfo.value.details == [f"$: cannot read {path}: No such file or directory"]
