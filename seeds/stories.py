"""The demo budget holders: goals in their own words, what they spend on and do.

Six people per council. Story flags make the caseload interesting on purpose: one budget above
its contingency limit, one review overdue, one person with no activity for 8 weeks, one goal
below expected at its latest rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

DP = "Direct payment"
SPENT_SHARE = Decimal("0.97")
MANAGED = "CASSR managed personal budget"


@dataclass(frozen=True)
class GoalDef:
    words: str
    areas: list[str]
    levels: tuple[str, str, str, str, str]  # what -2, -1, 0, +1, +2 would look like
    weight: int = 1


@dataclass(frozen=True)
class SpendItem:
    payee: str
    category: str
    share: Decimal  # of the monthly payment
    goal_indexes: tuple[int, ...]
    amount: Decimal = Decimal("0")


@dataclass(frozen=True)
class ActivityItem:
    what: str
    category: str
    goal_indexes: tuple[int, ...]
    how: str


@dataclass(frozen=True)
class HolderStory:
    council: str
    ref: str
    name: str
    worker: str
    needs: str
    plan_areas: list[str]
    weekly_amount: int
    goals: list[GoalDef]
    rating_paths: list[list[int]]  # per goal, the level at each quarterly rating
    spends: list[SpendItem]
    activities: list[ActivityItem]
    delivery_mechanism: str = DP
    quiet_weeks: int = 0  # no activity logged in the last N weeks
    overdue_days: int = 0  # next review brought forward to N days ago
    ons4_trend: int = 1  # +1 improving, 0 flat, -1 worse
    actions: str = "Keep going with the plan; check in at the next review."
    extra: dict[str, str] = field(default_factory=dict)

    def spend_pattern(self, month_index: int) -> list[SpendItem]:
        """This month's spends. Most people spend about 97% of each payment, so a month's payment
        just received keeps them under the 8-week limit; the saver keeps their shares as given."""
        monthly = Decimal(self.weekly_amount * 52) / 12
        total_share = sum(s.share for s in self.spends)
        scale = (
            Decimal(1) if self.extra.get("flag") == "above contingency limit" else SPENT_SHARE / total_share
        )
        return [
            SpendItem(
                s.payee,
                s.category,
                s.share,
                s.goal_indexes,
                (monthly * s.share * scale).quantize(Decimal("0.01")),
            )
            for s in self.spends
        ]

    def ons4_at(self, month_index: int) -> dict[str, int]:
        step = self.ons4_trend * (month_index // 3)
        return {
            "life_satisfaction": max(0, min(10, 5 + step)),
            "worthwhile": max(0, min(10, 5 + step)),
            "happiness": max(0, min(10, 4 + step)),
            "anxiety": max(0, min(10, 7 - step)),
        }


SWIM = GoalDef(
    "I want to swim 20 lengths without stopping by the summer",
    ["b", "e"],
    (
        "I stop going to the pool",
        "I swim 5 lengths",
        "I swim 10 lengths without stopping",
        "I swim 15 lengths",
        "I swim 20 lengths without stopping",
    ),
)
FRIENDS = GoalDef(
    "Meet my friends from the swimming club for a coffee every week",
    ["f", "g"],
    (
        "I don't see anyone",
        "I see friends once a month",
        "I see friends every other week",
        "I see friends every week",
        "I help organise the meet-ups",
    ),
    weight=2,
)
GYM = GoalDef(
    "Get strong enough to walk to the shops on my own",
    ["b", "d"],
    (
        "I can't walk outside",
        "I walk to the end of the road",
        "I walk to the shops with help",
        "I walk to the shops on my own",
        "I walk into town on my own",
    ),
)
ART = GoalDef(
    "Finish a painting for the community centre show",
    ["e", "i"],
    (
        "I stop painting",
        "I go to the class sometimes",
        "I go to the class every week",
        "I finish a painting",
        "My painting is in the show",
    ),
)
FOOTBALL = GoalDef(
    "Play walking football with the club and make new friends",
    ["b", "f", "g"],
    ("I stop going", "I go once a month", "I go every week", "I play in a match", "I help run the sessions"),
)
PA_HOME = GoalDef(
    "Choose when I get up and go to bed, with my PA's help",
    ["d", "a"],
    (
        "Someone else decides",
        "I decide some days",
        "I decide most days",
        "I decide every day",
        "I plan my own week",
    ),
)
COOK = GoalDef(
    "Cook a meal for my family once a week",
    ["d", "g", "h"],
    (
        "I don't cook",
        "I help with one meal a month",
        "I cook one meal a fortnight",
        "I cook one meal a week",
        "I cook for friends too",
    ),
)

_GYM_SPEND = SpendItem("Riverside Leisure Centre", "gym-leisure", Decimal("0.20"), (0,))
_SWIM_CLASS = SpendItem("Aqua Fit with Jen", "exercise-classes", Decimal("0.15"), (0, 1))
_PA = SpendItem("Personal assistant wages", "personal-assistant", Decimal("0.45"), (1,))
_TAXI = SpendItem("Town Taxis", "transport", Decimal("0.10"), ())
_ART = SpendItem("Open Studio Art Class", "exercise-classes", Decimal("0.35"), (0,))
_FOOTBALL = SpendItem("Walking Football Club subs", "sport-clubs", Decimal("0.35"), (0,))
_KIT = SpendItem("Sports Direct (trainers)", "equipment", Decimal("0.10"), (0,))

_SWIM_ACTS = [
    ActivityItem("Swimming session", "gym-leisure", (0,), "Swam 12 lengths"),
    ActivityItem("Coffee with the swimming club", "sport-clubs", (1,), "Good to catch up"),
]
_GYM_ACTS = [ActivityItem("Gym session with my PA", "gym-leisure", (0,), "Felt stronger today")]
_ART_ACTS = [ActivityItem("Art class", "exercise-classes", (0,), "Worked on the background")]
_FOOTBALL_ACTS = [ActivityItem("Walking football", "sport-clubs", (0,), "Scored a goal")]
_HOME_ACTS = [ActivityItem("Cooked tea for the family", "personal-assistant", (1,), "Made a curry")]


def _council_stories(
    council: str, prefix: str, names: list[str], workers: tuple[str, str]
) -> list[HolderStory]:
    first, second = workers
    return [
        HolderStory(
            council,
            f"{prefix}-0001",
            names[0],
            first,
            "I want to get fitter and see my friends more; swimming helps my joints and my mood.",
            ["b", "e", "f", "g"],
            100,
            [SWIM, FRIENDS],
            [[-1, 0, 0, 1, 1], [-1, -1, 0, 1, 1]],
            [_GYM_SPEND, _SWIM_CLASS, _PA, _TAXI],
            _SWIM_ACTS,
        ),
        # Spends little of the payment: holds more than the contingency limit.
        HolderStory(
            council,
            f"{prefix}-0002",
            names[1],
            first,
            "I would like to be able to get out to the shops on my own again.",
            ["b", "d"],
            80,
            [GYM],
            [[-1, -1, 0, 0, 0]],
            [SpendItem("Riverside Leisure Centre", "gym-leisure", Decimal("0.25"), (0,))],
            _GYM_ACTS,
            extra={"flag": "above contingency limit"},
        ),
        # The next review was brought forward and has not been held: overdue.
        HolderStory(
            council,
            f"{prefix}-0003",
            names[2],
            first,
            "Painting keeps me calm and I want to show my work.",
            ["b", "e", "i"],
            70,
            [ART],
            [[0, 0, 1, 1, 2]],
            [_ART, _PA, _TAXI],
            _ART_ACTS,
            overdue_days=14,
            actions="Bring the review forward: check the new PA arrangement.",
        ),
        # Has logged nothing for 8 weeks.
        HolderStory(
            council,
            f"{prefix}-0004",
            names[3],
            second,
            "I want to decide my own routine at home.",
            ["a", "d", "h"],
            150,
            [PA_HOME, COOK],
            [[-1, 0, 0, 0, 0], [-1, -1, 0, 0, 0]],
            [SpendItem("Personal assistant wages", "personal-assistant", Decimal("0.85"), (0, 1))],
            _HOME_ACTS,
            quiet_weeks=8,
            delivery_mechanism=MANAGED,
            ons4_trend=0,
        ),
        # A goal below expected at its latest rating.
        HolderStory(
            council,
            f"{prefix}-0005",
            names[4],
            second,
            "Football gets me out of the house and I have made friends there.",
            ["b", "f", "g"],
            60,
            [FOOTBALL],
            [[-1, 0, -1, -1, -2]],
            [_FOOTBALL, _KIT, _PA],
            _FOOTBALL_ACTS,
            ons4_trend=-1,
        ),
        HolderStory(
            council,
            f"{prefix}-0006",
            names[5],
            second,
            "I want to keep active and cook for my grandchildren.",
            ["b", "d", "g"],
            90,
            [GYM, COOK],
            [[-1, 0, 1, 1, 1], [0, 0, 0, 1, 1]],
            [
                _GYM_SPEND,
                _KIT,
                SpendItem("Personal assistant wages", "personal-assistant", Decimal("0.60"), (1,)),
            ],
            _GYM_ACTS + _HOME_ACTS,
        ),
    ]


HOLDER_STORIES: list[HolderStory] = _council_stories(
    "a",
    "NS",
    ["Amira Okafor", "Daniel Hughes", "Helen Brooks", "Kwame Mensah", "Lucy Barnes", "Arthur Webb"],
    ("worker_a", "worker_a2"),
) + _council_stories(
    "b",
    "SV",
    ["Tom Fletcher", "Fatima Rahman", "George Ellis", "Nia Roberts", "Owen Price", "Sarah Dixon"],
    ("worker_b", "worker_b"),
)
