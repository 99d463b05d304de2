from budgets.models.api import IdempotencyRecord
from budgets.models.audit import AccessEvent
from budgets.models.imports import CardAccount, ImportBatch, ImportMapping
from budgets.models.ledger import Funding, PersonalBudget, Refund, Spend, SpendCategory
from budgets.models.people import BudgetHolder, CarePlan, WellbeingArea
from budgets.models.tenancy import CaseloadAssignment, Council, Membership, Team, User

__all__ = [
    "AccessEvent",
    "BudgetHolder",
    "CardAccount",
    "CarePlan",
    "CaseloadAssignment",
    "Council",
    "Funding",
    "IdempotencyRecord",
    "ImportBatch",
    "ImportMapping",
    "Membership",
    "PersonalBudget",
    "Refund",
    "Spend",
    "SpendCategory",
    "Team",
    "User",
    "WellbeingArea",
]
