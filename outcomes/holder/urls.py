"""Holder pages (namespace "holder"): the person with a budget, or someone acting for them."""

from django.urls import path

from budgets.views.receipts import receipt_download
from outcomes.holder.views import account, activities, goals, home, review_pack, spend, wellbeing

app_name = "holder"
urlpatterns = [
    path("", home.home, name="home"),
    path("choose-person/", account.choose_person, name="choose-person"),
    path("easy-read/", account.easy_read_toggle, name="easy-read"),
    path("record.csv", account.record_download, name="record-download"),
    path("spend/", spend.spend_list, name="spend-list"),
    path("spend/add/", spend.spend_add, name="spend-add"),
    path("spend/<int:spend_id>/", spend.spend_edit, name="spend-edit"),
    path("spend/<int:spend_id>/delete/", spend.spend_delete, name="spend-delete"),
    path("spend/<int:spend_id>/goals/", spend.spend_goals, name="spend-goals"),
    path("spend/<int:spend_id>/receipt/", receipt_download, name="spend-receipt"),
    path("activities/", activities.activity_list, name="activity-list"),
    path("activities/add/", activities.activity_add, name="activity-add"),
    path("goals/", goals.goal_list, name="goal-list"),
    path("goals/add/", goals.goal_add, name="goal-add"),
    path("goals/<int:goal_id>/", goals.goal_detail, name="goal-detail"),
    path("goals/<int:goal_id>/change/", goals.goal_edit, name="goal-edit"),
    path("how-i-feel/", wellbeing.wellbeing, name="wellbeing"),
    path("review-pack/", review_pack.review_pack, name="review-pack"),
    path("review-pack/<int:pack_id>/", review_pack.review_pack_progress, name="review-pack-progress"),
    path(
        "review-pack/<int:pack_id>/<str:fmt>/",
        review_pack.review_pack_download,
        name="review-pack-download",
    ),
]
