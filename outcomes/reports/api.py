"""Analyst report runs: request (idempotent on its parameters), status with progress, download.
The same service and rules as the reports pages (outcomes.reports.runs)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets.api.base import ApiMixin, InputSerializer, actor
from budgets.api.idempotency import idempotent
from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports import scope as report_scope
from outcomes.reports.artifacts import report_file_download


class ReportRunSerializer(serializers.ModelSerializer[ReportRun]):
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "breakdown",
            "formats",
            "status",
            "stage",
            "progress",
            "error",
            "created_at",
            "finished_at",
            "files",
        ]
        read_only_fields = fields

    def get_files(self, run: ReportRun) -> list[str]:
        if run.status != ReportRun.Status.DONE:
            return []
        return [f for f in run.formats if f in report_runs.FORMATS]


class ReportRunInSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=ReportRun.Kind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    breakdown = serializers.ChoiceField(choices=ReportRun.Breakdown.choices, default="none")
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=list(report_runs.FORMATS)), min_length=1
    )


class ReportRunList(ApiMixin, generics.ListAPIView[ReportRun]):
    serializer_class = ReportRunSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ReportRun.objects.none()
        user = self.request.user
        runs = report_scope.runs_visible(user=user, council=report_scope.report_council(user=user))
        return runs.order_by("-created_at", "-id")

    @extend_schema(
        request=ReportRunInSerializer,
        responses={201: ReportRunSerializer},
        summary="Request a report (the same parameters return the existing run)",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        council = report_scope.report_council(user=request.user)
        form = ReportRunInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        run = report_runs.report_run_request(
            council=council, requested_by=actor(request), **form.validated_data
        )
        return Response(ReportRunSerializer(run).data, status=status.HTTP_201_CREATED)


class ReportRunDetail(ApiMixin, APIView):
    @extend_schema(responses=ReportRunSerializer, summary="A report run: status, stage and progress")
    def get(self, request: Request, run_id: int) -> Response:
        return Response(
            ReportRunSerializer(report_scope.report_run_get(user=request.user, run_id=run_id)).data
        )


class ReportRunDownload(ApiMixin, APIView):
    @extend_schema(
        responses={
            (200, report_runs.CONTENT_TYPES[f].split(";")[0]): OpenApiTypes.BINARY
            for f in report_runs.FORMATS
        },
        summary="Download one format of a finished report (attachment)",
    )
    def get(self, request: Request, run_id: int, fmt: str) -> FileResponse:
        run = report_scope.report_run_get(user=request.user, run_id=run_id)
        return report_file_download(run, fmt, user=request.user)
