"""The bench's URLconf: every product URL, plus the baseline the bench compares pages with, a
bare Django view listing 25 rows of the complaints table (signed in, the same middleware, one
query, a tiny template). Never part of the product (only bench/settings.py names it)."""

import time

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from complaints.models import Complaint

BARE = engines["django"].from_string(
    "<!doctype html><title>bare</title><table>{% for c in rows %}<tr><td>{{ c.pk }}</td>"
    "<td>{{ c.created_at }}</td><td>{{ c.status }}</td></tr>{% endfor %}</table>"
)


@login_required
def bare(request):
    rows = Complaint.objects.filter(complainant=request.user).order_by("-created_at", "-id")[:25]
    return HttpResponse(BARE.render({"rows": rows}, request))


class QueryMeter:
    """X-Bench-Queries and X-Bench-Db-Ms: the answer's SQL statements and their time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seen = {"n": 0, "seconds": 0.0}

        def meter(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                seen["n"] += 1
                seen["seconds"] += time.perf_counter() - start

        with connection.execute_wrapper(meter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(seen["n"])
        response["X-Bench-Db-Ms"] = f"{seen['seconds'] * 1000:.3f}"
        return response


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("ipp.urls")),
]
