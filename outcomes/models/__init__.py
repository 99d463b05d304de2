from outcomes.models.evidence import Activity, Goal, GoalRating, SpendGoalLink, WellbeingCheck
from outcomes.models.reports import ReportArtifact, ReportRun
from outcomes.models.reviews import Review, ReviewGoalOutcome, ReviewPack, ReviewReminder

__all__ = [
    "Activity",
    "Goal",
    "GoalRating",
    "ReportArtifact",
    "ReportRun",
    "Review",
    "ReviewGoalOutcome",
    "ReviewPack",
    "ReviewReminder",
    "SpendGoalLink",
    "WellbeingCheck",
]
