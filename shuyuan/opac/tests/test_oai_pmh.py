"""OAI-PMH at /oai: the verbs, resumption tokens, from/until, errors; and a harvest by Sickle."""

import pytest
from django.test import Client

from shuyuan.opac.harvest import oai_pmh

from .conftest import Library


def oai(client: Client, **params: str) -> str:
    response = client.get("/oai", params)
    assert response.status_code == 200
    return response.content.decode()


def test_identify_describes_the_repository(client: Client, library: Library) -> None:
    page = oai(client, verb="Identify")
    assert (
        "<protocolVersion>2.0</protocolVersion>" in page and "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>" in page
    )


def test_both_formats_are_listed(client: Client, library: Library) -> None:
    page = oai(client, verb="ListMetadataFormats")
    assert "<metadataPrefix>oai_dc</metadataPrefix>" in page and "<metadataPrefix>marcxml</metadataPrefix>" in page


def test_get_record_in_dublin_core(client: Client, library: Library) -> None:
    page = oai(client, verb="GetRecord", identifier=f"oai:shuyuan:{library.record.pk}", metadataPrefix="oai_dc")
    assert "<dc:title>红楼梦</dc:title>" in page


def test_from_and_until_select_by_datestamp(client: Client, library: Library) -> None:
    assert "noRecordsMatch" in oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2000-01-01")
    assert "oai:shuyuan:" in oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2015-01-01"})


def test_a_long_list_continues_with_a_resumption_token(client: Client, library: Library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(oai_pmh, "PAGE", 2)
    first = oai(client, verb="ListRecords", metadataPrefix="marcxml")
    token = first.split("<resumptionToken>")[1].split("<")[0]
    second = oai(client, verb="ListRecords", resumptionToken=token)
    assert (
        first.count("<record>") == 2
        and second.count("<header>") == 1
        and "<resumptionToken></resumptionToken>" in second
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"verb": "Dance"}, "badVerb"),
        ({}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "resumptionToken": "<x>"}, "badResumptionToken"),
        ({"verb": "GetRecord", "identifier": "oai:shuyuan:999999", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListSets"}, "noSetHierarchy"),
    ],
)
def test_errors_have_their_oai_codes(client: Client, library: Library, params: dict, code: str) -> None:
    assert f'code="{code}"' in oai(client, **params)


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_every_record(live_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sickle import Sickle

    from shuyuan.testing.catalog import make_record

    ids = {make_record(f"书{n}").pk for n in range(5)}
    monkeypatch.setattr(oai_pmh, "PAGE", 2)
    harvested = Sickle(f"{live_server.url}/oai").ListRecords(metadataPrefix="oai_dc")
    found = {int(r.header.identifier.rsplit(":", 1)[1]) for r in harvested}
    assert found == ids
