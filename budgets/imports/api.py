"""Card and bank file imports: upload → preview with every bad row; commit → all or nothing."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets.api.base import ApiMixin, InputSerializer, actor, id_field
from budgets.api.errors import error_body
from budgets.api.idempotency import idempotent
from budgets.imports.selectors import (
    import_batch_get,
    import_batch_require_commit,
    import_batches_visible,
    import_preview_rows,
    import_target,
)
from budgets.imports.services import (
    import_commit,
    import_preview_upload,
    import_progress,
    import_runs_in_background,
)
from budgets.models import ImportBatch

PREVIEW_ROWS = 200


class ImportUploadSerializer(InputSerializer):
    file = serializers.FileField(help_text="CSV file, UTF-8, at most 5MB.")
    mapping = serializers.SlugField(
        max_length=40, help_text="File layout: 'generic', 'prepaid-card', 'bank' or a council mapping code."
    )
    holder = id_field(required=False, help_text="The person (required for social workers).")


class LineProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    reason = serializers.CharField()


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    holder_id = serializers.IntegerField(
        allow_null=True, help_text="The person's id; null when you may not see the council's people."
    )
    spent_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    payee = serializers.CharField()
    reference = serializers.CharField()


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    mapping = serializers.CharField(source="mapping_code")
    holder = serializers.IntegerField(source="holder_id", allow_null=True)
    rows_to_import = serializers.SerializerMethodField()
    preview = serializers.SerializerMethodField()
    problems = LineProblemSerializer(many=True)
    skipped = LineProblemSerializer(many=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "status",
            "mapping",
            "holder",
            "filename",
            "row_count",
            "rows_to_import",
            "preview",
            "problems",
            "skipped",
            "imported_count",
            "progress",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_rows_to_import(self, batch: ImportBatch) -> int:
        return len(batch.rows)

    @extend_schema_field(ImportRowSerializer(many=True))
    def get_preview(self, batch: ImportBatch) -> list[dict[str, Any]]:
        request = self.context.get("request")
        user = getattr(request, "user", None)  # no request: nobody, so no person ids
        return import_preview_rows(user=user, batch=batch, limit=PREVIEW_ROWS)

    @extend_schema_field(serializers.IntegerField(min_value=0, max_value=100))
    def get_progress(self, batch: ImportBatch) -> int:
        return import_progress(batch=batch)


class ImportList(ApiMixin, generics.ListCreateAPIView[ImportBatch]):
    """My uploaded files (newest first); POST uploads one and returns its preview."""

    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["status"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ImportBatch.objects.none()
        return import_batches_visible(user=actor(self.request))

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportBatchSerializer},
        summary="Upload a card or bank CSV: returns the preview, every bad row with its line number",
    )
    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        council, holder = import_target(user=request.user, holder_id=form.validated_data.get("holder"))
        batch = import_preview_upload(
            council=council,
            holder=holder,
            mapping_code=form.validated_data["mapping"],
            upload=form.validated_data["file"],
            actor=actor(request),
        )
        return Response(
            ImportBatchSerializer(batch, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class ImportDetail(ApiMixin, APIView):
    @extend_schema(responses=ImportBatchSerializer, summary="An upload: its preview, status and progress")
    def get(self, request: Request, batch_id: int) -> Response:
        return Response(
            ImportBatchSerializer(
                import_batch_get(user=request.user, batch_id=batch_id), context={"request": request}
            ).data
        )


class ImportCommit(ApiMixin, APIView):
    @extend_schema(
        request=None,
        responses={200: ImportBatchSerializer, 202: ImportBatchSerializer},
        summary="Import the previewed rows, all or nothing (over 1,000 rows: 202, runs in the background)",
    )
    @idempotent
    def post(self, request: Request, batch_id: int) -> Response:
        batch = import_batch_get(user=request.user, batch_id=batch_id)
        import_batch_require_commit(user=request.user, batch=batch)
        background = import_runs_in_background(batch=batch)
        batch = import_commit(batch=batch, actor=actor(request))
        if background or batch.status == ImportBatch.Status.QUEUED:
            # 202 whatever the status says now: a fast worker may already be running it. A small
            # file hit by a transient error waits for its next try in the background too.
            return Response(
                ImportBatchSerializer(batch, context={"request": request}).data,
                status=status.HTTP_202_ACCEPTED,
            )
        if batch.status == ImportBatch.Status.FAILED:
            # Not raised: an exception would roll back the FAILED status with the rows.
            return Response(error_body(RowFailedCode, batch.error), status=status.HTTP_400_BAD_REQUEST)
        return Response(
            ImportBatchSerializer(batch, context={"request": request}).data, status=status.HTTP_200_OK
        )


RowFailedCode = "import_row_failed"
