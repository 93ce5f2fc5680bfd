"""core.html_rows gives exactly what Django's format_html / format_html_join give."""

import pytest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from core.html_rows import row_html, rows_html

TEMPLATE = '<tr data-x="{}"><td title="{}">{}</td><td>{}</td></tr>'
VALUES = [
    "plain",
    "<script>alert('x')</script> & \"quoted\"",
    mark_safe("<b>kept</b>"),
    12345,
    None,
    3.5,
    gettext_lazy("Listing taken down"),
    "",
    "中文 <i>",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_row_html_escapes_like_format_html(language):
    with override(language):
        for i in range(len(VALUES)):
            args = [VALUES[(i + k) % len(VALUES)] for k in range(4)]
            ours = row_html(TEMPLATE, *args)
            assert ours == format_html(TEMPLATE, *args)
            assert isinstance(ours, SafeString)


def test_rows_html_joins_like_format_html_join():
    rows = [tuple(VALUES[(i + k) % len(VALUES)] for k in range(4)) for i in range(20)]
    for sep in ("\n", "<br>", mark_safe("<br>")):
        ours = rows_html(sep, TEMPLATE, iter(rows))
        assert ours == format_html_join(sep, TEMPLATE, iter(rows))
        assert isinstance(ours, SafeString)


def test_an_escaped_value_cannot_open_a_tag():
    assert "<script>" not in row_html("<td>{}</td>", "<script>x</script>")
