"""Social worker pages (namespace "worker"), under /caseload/. Every page is for people on the
signed-in worker's own caseload; anyone else gets a 404 (outcomes/selectors/worker.py)."""

from django.urls import path

from outcomes.views import worker, worker_pack, worker_review

app_name = "worker"
urlpatterns = [
    path("", worker.caseload, name="caseload"),
    path("<int:holder_id>/", worker.person, name="person"),
    path("<int:holder_id>/reviews/record/", worker_review.review_record, name="review-record"),
    path("<int:holder_id>/reviews/<int:review_id>/", worker_review.review_detail, name="review-detail"),
    path(
        "<int:holder_id>/reviews/<int:review_id>/record/", worker_review.review_record, name="review-record"
    ),
    path(
        "<int:holder_id>/reviews/<int:review_id>/sign-off/",
        worker_review.review_sign_off,
        name="review-sign-off",
    ),
    path(
        "<int:holder_id>/reviews/<int:review_id>/correct/",
        worker_review.review_correct,
        name="review-correct",
    ),
    path("<int:holder_id>/packs/", worker_pack.pack_request, name="pack-request"),
    path("<int:holder_id>/packs/<int:pack_id>/", worker_pack.pack_progress, name="pack-progress"),
    path("<int:holder_id>/packs/<int:pack_id>/<str:fmt>/", worker_pack.pack_download, name="pack-download"),
]
