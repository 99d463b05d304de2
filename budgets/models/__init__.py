from budgets.models.ledger import Funding, PersonalBudget, Refund, Spend, SpendCategory
from budgets.models.people import BudgetHolder, CarePlan, WellbeingArea
from budgets.models.tenancy import CaseloadAssignment, Council, Membership, Team, User

__all__ = [
    "BudgetHolder",
    "CarePlan",
    "CaseloadAssignment",
    "Council",
    "Funding",
    "Membership",
    "PersonalBudget",
    "Refund",
    "Spend",
    "SpendCategory",
    "Team",
    "User",
    "WellbeingArea",
]
