"""The documents rights owners take to authorities are bilingual: the authorization letter and
the exclusive account statement carry every text in Chinese and English side by side (read back
from the PDF with pypdf), users' own data once and as typed, and say which version governs."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from ipr.letters import authorization_letter_pdf
from tests.chinese import compile_catalogue
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory

GOVERNS_ZH = "如两种文本有任何不一致，以英文文本为准"
GOVERNS_EN = "If the two versions differ, the English version governs."


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    compile_catalogue()


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _squeezed(text: str) -> str:
    """Chinese lines wrap anywhere: compare Chinese without the spaces extraction adds."""
    return "".join(text.split())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_authorization_letter_is_chinese_and_english_whatever_the_page_language(language):
    owner = UserFactory(email="agent@example.com", complainant_name="Swift IP Agency")
    ipr = IPRFactory(owner=owner, right_owner_name="杭州艾克米服饰有限公司", number="TM-1")
    with translation.override(language):
        pdf = authorization_letter_pdf(
            ipr, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2027, 2, 28)
        )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = _text(pdf)
    for english in (
        "Authorization Letter for IPR Enforcement",
        "to file infringement complaints through the IPP platform",
        "Term of this authorization: from 2026-03-01 to 2027-02-28 (both days included).",
        GOVERNS_EN,
    ):
        assert english in text, english
    for chinese in ("知识产权维权授权书", "授权方（知识产权权利人）", "本授权期限", GOVERNS_ZH):
        assert chinese in _squeezed(text), chinese
    assert "杭州艾克米服饰有限公司" in _squeezed(text) and "TM-1" in text  # data as typed
    assert "Swift IP Agency" in text
    assert reader.metadata.title == "知识产权维权授权书 / Authorization Letter for IPR Enforcement"


@pytest.mark.django_db
def test_the_exclusive_account_statement_is_chinese_and_english(client):
    account = UserFactory(
        email="brand@example.com",
        complainant_name="Acme Trading GmbH",
        identity_approved=True,
        identity_kind="business",
    )
    client.force_login(account)
    response = client.get(reverse("accounts:sole_account_statement"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Exclusive Account Statement" in text and "唯一账号声明" in _squeezed(text)
    assert "sole account that the company will use" in text
    assert "是本公司在IPP知识产权保护平台提交知识产权投诉所使用的唯一账号" in _squeezed(text)
    assert "法定代表人签字" in _squeezed(text) and "Signature of the legal representative" in text
    assert "Acme Trading GmbH" in text and "brand@example.com" in text
    assert GOVERNS_EN in text and GOVERNS_ZH in _squeezed(text)
