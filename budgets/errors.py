"""Domain errors raised by services, with the messages people see. Tests import these."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change; `message` is shown to the user as it is."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InsufficientFunds(DomainError):
    code = "insufficient_funds"


class NoActiveBudget(DomainError):
    code = "no_active_budget"


class EditWindowClosed(DomainError):
    code = "edit_window_closed"


class ImportedSpendFixed(DomainError):
    """An imported spend records what the card or bank already paid: only its goals, category,
    note and receipt may change."""

    code = "imported_spend_fixed"


class ReceiptQuotaExceeded(DomainError):
    """The person's receipts already fill their storage quota (RECEIPT_QUOTA_BYTES_PER_PERSON)."""

    code = "receipt_quota_exceeded"
    http_status = 409


MSG_INSUFFICIENT_FUNDS = "The budget does not have enough money left for this spend"
MSG_NO_ACTIVE_BUDGET = "There is no personal budget for that date"
MSG_SPEND_BEFORE_PLAN = "The date must be on or after the day the care plan started"
MSG_DATE_IN_FUTURE = "The date must be today or in the past"
MSG_EDIT_WINDOW_CLOSED = "This spend can no longer be changed; ask your social worker"
MSG_AMOUNT_NOT_POSITIVE = "Enter an amount more than £0.00"
MSG_AMOUNT_TOO_BIG = "The amount must be £1,000,000 or less"
MSG_IMPORTED_SPEND_FIXED = (
    "This payment came from your card or bank statement, so its amount, date and payee cannot be changed"
)
MSG_IMPORTED_SPEND_NOT_DELETABLE = (
    "This payment came from your card or bank statement, so it cannot be deleted"
)
