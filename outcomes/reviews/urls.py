"""Social worker pages (namespace "worker"), under /caseload/. Every page is for people on the
signed-in worker's own caseload; anyone else gets a 404 (outcomes/reviews/selectors/caseload.py)."""

from django.urls import path

from outcomes.reviews.views import caseload, pack, review

app_name = "worker"
urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("<int:holder_id>/", caseload.person, name="person"),
    path("<int:holder_id>/reviews/record/", review.review_record, name="review-record"),
    path("<int:holder_id>/reviews/<int:review_id>/", review.review_detail, name="review-detail"),
    path("<int:holder_id>/reviews/<int:review_id>/record/", review.review_record, name="review-record"),
    path(
        "<int:holder_id>/reviews/<int:review_id>/sign-off/",
        review.review_sign_off,
        name="review-sign-off",
    ),
    path(
        "<int:holder_id>/reviews/<int:review_id>/correct/",
        review.review_correct,
        name="review-correct",
    ),
    path("<int:holder_id>/packs/", pack.pack_request, name="pack-request"),
    path("<int:holder_id>/packs/<int:pack_id>/", pack.pack_progress, name="pack-progress"),
    path("<int:holder_id>/packs/<int:pack_id>/<str:fmt>/", pack.pack_download, name="pack-download"),
]
