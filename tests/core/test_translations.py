"""The Simplified Chinese catalogue is complete and the templates leave no reader text outside it.

The catalogue is locale/zh_Hans/LC_MESSAGES/django.po; locale/GLOSSARY.md says how to update it.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation.reloader import translation_file_changed

from catalogue.urlcheck import check_url
from core import audit_actions
from core.catalogue_checks import (
    ALLOWED_TEXT,
    placeholder_mismatch,
    untranslated_html_text,
    untranslated_plain_text,
)
from core.forms import DocumentField
from core.mail import render_email

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
TEMPLATES = ROOT / "templates"
# The source makemessages reads: what the README's makemessages command ignores stays out.
SKIPPED_DIRS = {
    ".venv",
    "node_modules",
    "var",
    "test-artifacts",
    "tests",
    "bench",
    "faults",
    "locale",
    "static",
    "__pycache__",
}


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def _forms(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_catalogue_has_no_untranslated_or_fuzzy_message(catalogue):
    missing = [e.msgid for e in _live(catalogue) if e.fuzzy or not all(_forms(e))]
    assert not missing, f"{len(missing)} untranslated or fuzzy, e.g. {missing[:10]}"
    assert len(_live(catalogue)) > 1000


def test_catalogue_header_declares_chinese_with_one_plural_form(catalogue):
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "zh_Hans"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    plural = [e for e in _live(catalogue) if e.msgid_plural]
    assert plural and all(list(e.msgstr_plural) == [0] for e in plural)


def test_translations_keep_every_placeholder_and_tag(catalogue):
    wrong = [
        (e.msgid, problem)
        for e in _live(catalogue)
        for form in _forms(e)
        if (problem := placeholder_mismatch(e.msgid_plural or e.msgid, form))
    ]
    assert not wrong, wrong[:10]


def test_placeholder_check_notices_a_lost_or_renamed_placeholder():
    assert placeholder_mismatch("Line %(n)s", "第 %(n)s 行") is None
    assert placeholder_mismatch("Line %(n)s", "第 %(line)s 行")
    assert placeholder_mismatch("<strong>%(e)s</strong> sent", "%(e)s 已发送")
    assert placeholder_mismatch("{name} left", "剩余")


def test_translations_are_chinese_not_copies_of_the_english(catalogue):
    # Brand names, codes and numbers may stay as they are; sentences may not.
    copied = [
        e.msgid
        for e in _live(catalogue)
        if e.msgstr == e.msgid
        and e.msgid not in ALLOWED_TEXT
        and len(re.findall(r"[A-Za-z]{3,}", e.msgid)) > 1
    ]
    assert not copied, copied


def test_msgids_have_no_backslash_escapes(catalogue):
    # xgettext keeps "\u201c" in Python source verbatim; the msgid then never matches at run time.
    escaped = [e.msgid for e in _live(catalogue) if re.search(r"\\u[0-9a-fA-F]{4}", e.msgid)]
    assert not escaped, "write the character itself, not \\uXXXX: " + repr(escaped)


def test_yesno_translations_keep_their_commas(catalogue):
    used = set()
    for path in TEMPLATES.rglob("*.html"):
        used.update(re.findall(r'yesno:_\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    by_id = {e.msgid: e.msgstr for e in _live(catalogue)}
    assert used
    for msgid in used:
        assert by_id[msgid].count(",") == msgid.count(","), msgid


def _reader_text(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return untranslated_html_text(source)
    return untranslated_plain_text(source)


def test_templates_have_no_reader_text_outside_translation_tags():
    found = {
        str(path.relative_to(ROOT)): text
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"} and (text := _reader_text(path))
    }
    assert not found, found


def test_template_scanner_finds_untranslated_text():
    assert untranslated_html_text('<p title="Open it">{% trans "Hi" %} Welcome</p>') == [
        "Open it",
        "Welcome",
    ]
    assert untranslated_html_text("{% blocktrans %}Hello {{ x }}{% endblocktrans %} · IPP") == []
    assert untranslated_html_text("<script>let a = 'words here';</script>") == []
    assert untranslated_plain_text("{% trans 'Hello,' %}\nComplaint page: {{ link }}") == [
        "Complaint page:"
    ]


def test_catalogue_covers_every_translatable_string_in_the_source(tmp_path, monkeypatch, settings):
    """makemessages over a copy of the source finds no msgid the catalogue lacks."""
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS.intersection(relative.parts) or relative.parts[0].startswith("."):
            continue
        if path.is_file() and path.suffix in {".py", ".html", ".txt"}:
            (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp_path / relative)
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], no_location=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    new = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert not new, f"run makemessages and translate (locale/GLOSSARY.md): {new[:10]}"


@pytest.fixture(scope="module")
def compiled():
    """The .mo make test builds; compiled here too so the file runs on its own."""
    call_command(
        "compilemessages",
        locale=["zh_Hans"],
        ignore_patterns=[".venv", "node_modules", "var"],
        verbosity=0,
    )
    translation_file_changed(sender=None, file_path=Path("django.mo"))
    yield
    translation_file_changed(sender=None, file_path=Path("django.mo"))


@pytest.mark.django_db
def test_a_chinese_browser_gets_the_member_login_page_in_chinese(client, compiled):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    text = page.content.decode()
    assert page.status_code == 200
    assert "会员登录" in text and "忘记密码？" in text
    assert "Member login" not in text and "Forgot password?" not in text


def test_the_registration_email_is_chinese_in_chinese(compiled):
    with translation.override("zh-hans"):
        subject, text, html = render_email("registration_code", {"code": "381920", "minutes": 10})
    assert subject == "您的 IPP 验证码：381920"
    assert "请在 10 分钟内在注册页面输入" in text and "381920" in html
    assert "verification code" not in text + html


def test_the_aliexpress_ru_reason_reads_in_chinese(compiled):
    verdict = check_url("https://aliexpress.ru/item/1005001234567890.html")
    assert verdict.error == "aliexpress_ru"
    with translation.override("zh-hans"):
        chinese = str(verdict.message)
    with translation.override("en"):
        english = str(verdict.message)
    assert chinese.startswith("AliExpress.ru 与 AliExpress.com 是相互独立、自主运营的平台")
    assert english.startswith("AliExpress.ru and AliExpress.com are independent")


def test_timeline_status_labels_come_from_the_target_models_choices(compiled):
    with translation.override("zh-hans"):
        assert audit_actions.status_label("complaints.complaintitem", "valid") == "有效，已提交"
        assert audit_actions.status_label("accounts.user", "approved") == "已通过"
    assert audit_actions.status_label("complaints.complaintitem", "valid") == "Valid, filed"
    assert audit_actions.status_label("gone.model", "under_review") == "Under review"


def test_labels_built_at_import_follow_the_request_language(compiled):
    from reviews.forms import CounterNoticeForm

    field = DocumentField()
    with translation.override("zh-hans"):
        assert (
            str(field.error_messages["required"])
            == "请上传此文件（JPEG、PNG、WebP 或 PDF，最大 10 MB）。"
        )
        assert str(CounterNoticeForm.base_fields["evidence_1"].label) == "证据 1"
        assert str(CounterNoticeForm.base_fields["evidence_1"].help_text) == (
            "JPEG、PNG、WebP 或 PDF，最大 10 MB。"
        )
    assert str(field.error_messages["required"]).startswith("Upload this document (JPEG, PNG")


def test_deadlines_and_days_read_in_the_languages_own_order(compiled):
    """A date format is a translated string: "8 Dec, 18:00" in English, "12月8日 18:00" in Chinese
    (Django's "j M" would give "8 十二月")."""
    import datetime

    from django.utils import timezone

    from core.templatetags.deadlines import day, deadline_text

    thursday = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
    due = datetime.datetime(2026, 12, 8, 10, 0, tzinfo=datetime.UTC)
    with timezone.override("Asia/Shanghai"):
        assert deadline_text(due, thursday) == "3 working days left (due 8 Dec, 18:00 CST)"
        assert day(due) == "8 Dec 2026"
        with translation.override("zh-hans"):
            text = deadline_text(due, thursday)
            assert "12月8日 18:00 CST" in text and "3 个工作日" in text, text
            assert day(due) == "2026年12月8日"
