"""The demo people, shared by `manage.py seed`, README and the tests' fixtures.

Two councils, so "worker_b cannot see holder_a" holds in the demo as well as in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

# One password for every demo sign-in; demo data only, never used outside `make run` and tests.
DEMO_PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class Council:
    key: str
    name: str
    slug: str
    la_code: str


COUNCILS = {
    "a": Council("a", "Northshire County Council", "northshire", "E10000099"),
    "b": Council("b", "Southvale Borough Council", "southvale", "E07000999"),
}


@dataclass(frozen=True)
class Persona:
    username: str
    role: str  # a Membership.Role value
    council: str  # key in COUNCILS
    name: str
    holder_ref: str = ""  # council person id of the holder they are, or act for
    team: str = ""
    note: str = ""


PERSONAS: tuple[Persona, ...] = (
    Persona("holder_a", "holder", "a", "Amira Okafor", holder_ref="NS-0001", note="budget holder"),
    Persona(
        "nominee_a",
        "nominee",
        "a",
        "Grace Okafor",
        holder_ref="NS-0001",
        note="acts for holder_a (her sister)",
    ),
    Persona(
        "worker_a", "worker", "a", "Sam Patel", team="North team", note="social worker, holder_a on caseload"
    ),
    Persona(
        "worker_a2", "worker", "a", "Chris Evans", team="South team", note="social worker, another caseload"
    ),
    Persona("analyst_a", "analyst", "a", "Priya Shah", note="council analyst (aggregates only)"),
    Persona("admin_a", "admin", "a", "Morgan Lee", note="council admin"),
    Persona(
        "holder_b", "holder", "b", "Tom Fletcher", holder_ref="SV-0001", note="budget holder, other council"
    ),
    Persona(
        "worker_b",
        "worker",
        "b",
        "Jo Williams",
        team="Central team",
        note="social worker, holder_b on caseload",
    ),
    Persona("analyst_b", "analyst", "b", "Ravi Kumar", note="council analyst, other council"),
    Persona("admin_b", "admin", "b", "Alex Morgan", note="council admin, other council"),
)
PERSONA_BY_USERNAME = {persona.username: persona for persona in PERSONAS}


def persona(username: str) -> Persona:
    return PERSONA_BY_USERNAME[username]


def print_sign_ins(url: str) -> None:
    print(f"\nThe app is starting at {url}  (health: {url}health/)")
    print(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for item in PERSONAS:
        council = COUNCILS[item.council].name
        print(f"  {item.username:<11} {item.role:<8} {council:<27} {item.note}")
    print("Press Ctrl-C once to stop the web server, the Celery worker and Celery beat.\n")
