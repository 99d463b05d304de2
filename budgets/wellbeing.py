"""The nine Care Act 2014 s.1(2) wellbeing areas: fixed codes, statutory wording, plain words."""

from __future__ import annotations

from typing import NamedTuple


class Area(NamedTuple):
    code: str
    statutory: str
    plain: str


# Statutory wording from s.1(2)(a)-(i); plain words are our own short labels for holders.
WELLBEING_AREAS: tuple[Area, ...] = (
    Area(
        "a",
        "personal dignity (including treatment of the individual with respect)",
        "Being treated with respect",
    ),
    Area("b", "physical and mental health and emotional well-being", "Health and feeling well"),
    Area("c", "protection from abuse and neglect", "Being safe"),
    Area(
        "d",
        "control by the individual over day-to-day life (including over care and support, or support, "
        "provided to the individual and the way in which it is provided)",
        "Choice and control over my day",
    ),
    Area("e", "participation in work, education, training or recreation", "Work, learning and leisure"),
    Area("f", "social and economic well-being", "Money and social life"),
    Area("g", "domestic, family and personal relationships", "Family, friends and relationships"),
    Area("h", "suitability of living accommodation", "A home that suits me"),
    Area("i", "the individual's contribution to society", "Giving something back"),
)
AREA_BY_CODE = {area.code: area for area in WELLBEING_AREAS}
AREA_CODES = tuple(area.code for area in WELLBEING_AREAS)
