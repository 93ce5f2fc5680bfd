"""The owner's IPR names for the Manage Complaints filter: cached per owner and language, exact
after every change of the owner's IPRs, and never older than the version in the cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ipr import selectors
from ipr.models import IPR
from tests.factories import UserFactory

from .conftest import IPRFactory

pytestmark = pytest.mark.django_db

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def memory_cache(settings):
    """A cache that is not the database (Redis in production; the local run's database cache is
    bypassed, as a look-up there costs what it saves)."""
    settings.CACHES = LOCAL_MEMORY
    cache.clear()


def _ipr_reads(queries) -> int:
    return sum(1 for q in queries if 'FROM "ipr_ipr"' in q["sql"])


def test_the_names_are_read_once_and_again_after_each_change(
    memory_cache, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="names@example.com")
    first = IPRFactory(owner=owner, mark_word="ALPHA")
    IPRFactory(owner=IPRFactory().owner, mark_word="ELSEWHERE")  # another owner's
    assert [name for _pk, name in selectors.filter_names(owner.pk)] == [str(first)]
    with CaptureQueriesContext(connection) as again:
        selectors.filter_names(owner.pk)
    assert _ipr_reads(again) == 0
    with django_capture_on_commit_callbacks(execute=True):
        first.mark_word = "OMEGA"
        first.save(update_fields=["mark_word"])
        second = IPRFactory(owner=owner, mark_word="BETA")
    names = selectors.filter_names(owner.pk)
    assert [pk for pk, _name in names] == [second.pk, first.pk]
    assert "OMEGA" in names[1][1] and "BETA" in names[0][1]
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert [pk for pk, _name in selectors.filter_names(owner.pk)] == [first.pk]


def test_a_change_shows_at_once_inside_its_own_transaction(memory_cache):
    owner = UserFactory(email="names@example.com")
    IPRFactory(owner=owner, mark_word="ALPHA")
    selectors.filter_names(owner.pk)
    added = IPRFactory(owner=owner, mark_word="BETA")  # not committed yet (the test's transaction)
    assert selectors.filter_names(owner.pk)[0][0] == added.pk


def test_names_cached_under_a_lost_version_are_never_read_again(memory_cache):
    owner = UserFactory(email="names@example.com")
    ipr = IPRFactory(owner=owner, mark_word="ALPHA")
    selectors.filter_names(owner.pk)
    cache.delete(f"ipr-names-version:{owner.pk}")  # evicted
    IPR.objects.filter(pk=ipr.pk).update(mark_word="OMEGA")  # no signal: only the version guards
    assert "OMEGA" in selectors.filter_names(owner.pk)[0][1]


def test_each_language_has_its_own_names(memory_cache):
    owner = UserFactory(email="names@example.com")
    IPRFactory(owner=owner, kind="trademark", mark_word="ALPHA")
    with translation.override("en"):
        english = selectors.filter_names(owner.pk)[0][1]
    with translation.override("zh-hans"):
        chinese = selectors.filter_names(owner.pk)[0][1]
    assert english.startswith("Trademark ALPHA") and chinese.startswith("商标 ALPHA")
