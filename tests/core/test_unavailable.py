"""A database that cannot be reached gives a clear 503, never a bare 500: JSON with Retry-After
and a stable code for the API, a styled page for people. The outage is real: the connection is
pointed at a port (or, on SQLite, a path) where no database is."""

import contextlib

import pytest
from django.db import connection
from django.test import Client


@contextlib.contextmanager
def database_down():
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-dir/ipp.sqlite3"
    else:
        connection.settings_dict["PORT"] = 1
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_api_answers_json_503_with_retry_after_while_the_database_is_down(rights_owner):
    from tests.factories import api_token_for

    token = api_token_for(rights_owner)
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get("/api/v1/complaints/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "service_unavailable"
    # and once it is back, the same request works
    assert client.get("/api/v1/complaints/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_pages_show_a_styled_unavailable_page_while_the_database_is_down(rights_owner):
    client = Client(raise_request_exception=False)
    client.force_login(rights_owner)
    with database_down():
        response = client.get("/complaints/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Temporarily unavailable" in body and "try again in a minute" in body
    assert "portal.css" in body
