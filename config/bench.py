"""Bench mode only (`RUKO_BENCH`, set by `config.settings.bench`; never in production).

- `bare`: the yardstick of `make bench`, a small template and one indexed query, so every
  page's throughput is read against what this stack does with nearly no work.
- `floor`: the layout every logged-in page shares (session, person, role, header with its
  badges) around an empty page: what a logged-in page costs before it shows anything, so the
  table tells the stack's share of each page from the page's own.
- `QueryCountMiddleware`: the number of SQL queries of each response in `X-Queries`, so the
  load run reports them from the very server it measures.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import render

from apps.regions.models import Region


def bare(request):
    region = Region.objects.only("code", "name").get(code="63.11.07")
    return render(request, "bench/bare.html", {"region": region})


@login_required
def floor(request):
    return render(request, "bench/floor.html")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
