"""People and money: the holders I can see and a holder's budget position; schema and docs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import engines
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_filters import rest_framework as filters
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets.api.base import ApiMixin, id_filter, scoped_holder
from budgets.api.errors import MSG_NOT_FOUND, error_body
from budgets.api.serializers import BudgetPositionSerializer, HolderSerializer
from budgets.models import BudgetHolder
from budgets.selectors import budget_current, budget_position

MSG_NO_BUDGET = "This person has no personal budget yet"


class HolderFilter(filters.FilterSet):
    council = id_filter("council_id")
    council_person_id = filters.CharFilter()

    class Meta:
        model = BudgetHolder
        fields = ["council", "council_person_id"]


class HolderList(ApiMixin, generics.ListAPIView[BudgetHolder]):
    """People I can see: myself, the person I act for, my caseload, or (admins) my council."""

    serializer_class = HolderSerializer
    filterset_class = HolderFilter
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["full_name", "council_person_id", "id"]
    ordering = ["full_name", "id"]

    def get_queryset(self) -> Any:
        return BudgetHolder.objects.visible_to(self.request.user).select_related("council")


class HolderBudget(ApiMixin, APIView):
    @extend_schema(
        responses=BudgetPositionSerializer, summary="Budget position: balance, weeks held, surplus"
    )
    def get(self, request: Request, holder_id: int) -> Response:
        holder = scoped_holder(user=request.user, holder_id=holder_id, perm="budgets.view_holder")
        budget = budget_current(holder=holder, on=timezone.localdate())
        if budget is None:
            raise Http404(MSG_NO_BUDGET)
        return Response(BudgetPositionSerializer(budget_position(budget=budget)).data)


_DOCS_TEMPLATE = """{% extends "base.html" %}
{% block title %}API reference{% endblock %}
{% block content %}
<h1 class="govuk-heading-xl">{{ title }} <span class="govuk-caption-m">version {{ version }}</span></h1>
<p class="govuk-body">Machine-readable OpenAPI 3 schema: <a class="govuk-link" href="{{ schema_url }}">{{ schema_url }}</a>.
Sign in with a token from <code>POST /api/v1/auth/token/</code> and send <code>Authorization: Token &lt;key&gt;</code>.
Every error has the body <code>{"error": {"code": …, "message": …, "fields": {…}}}</code>.</p>
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Endpoints</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Method</th>
    <th scope="col" class="govuk-table__header">Path</th>
    <th scope="col" class="govuk-table__header">What it does</th>
    <th scope="col" class="govuk-table__header">Responses</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {% for op in operations %}<tr class="govuk-table__row">
    <td class="govuk-table__cell"><strong>{{ op.method }}</strong></td>
    <td class="govuk-table__cell"><code>{{ op.path }}</code></td>
    <td class="govuk-table__cell">{{ op.summary }}</td>
    <td class="govuk-table__cell">{{ op.codes }}</td>
  </tr>{% endfor %}
  </tbody>
</table>
{% endblock %}"""


def _operations(schema: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            summary = op.get("summary") or (op.get("description") or "").split("\n")[0] or op["operationId"]
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": summary,
                    "codes": ", ".join(sorted(op.get("responses", {}))),
                }
            )
    return rows


def api_docs(request: HttpRequest) -> HttpResponse:
    """A server-rendered list of the endpoints, built from the same schema: no CDN, no script."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    template = engines["django"].from_string(_DOCS_TEMPLATE)
    context = {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "schema_url": "/api/v1/schema/",
        "operations": _operations(schema),
    }
    return HttpResponse(template.render(context, request))


@csrf_exempt  # nothing is written; a POST must get the JSON 404 too, not the CSRF page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/v1/ (a malformed id included): the API's JSON 404, not HTML."""
    return JsonResponse(error_body("not_found", MSG_NOT_FOUND), status=404)
