"""The CSV layouts we read: three built in, plus any a council adds in admin (ImportMapping).

A layout names the columns to read; other columns are ignored. Column names match without regard
to case or surrounding spaces, because providers change both between export versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgets.errors import DomainError
from budgets.models import Council, ImportMapping

MSG_UNKNOWN_MAPPING = "Choose one of the file layouts"


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    date_column: str
    date_format: str
    payee_column: str
    amount_column: str = ""
    # "negative": money out is written as a negative number (card statements).
    debit_sign: str = ImportMapping.DebitSign.POSITIVE
    paid_out_column: str = ""
    paid_in_column: str = ""
    reference_column: str = ""
    card_column: str = ""
    person_column: str = ""
    balance_column: str = ""

    @property
    def required_columns(self) -> list[str]:
        money = self.amount_column or self.paid_out_column
        return [self.date_column, self.payee_column, money]


GENERIC = Layout(
    code="generic",
    name="Generic: date,payee,amount,reference,card,person_id",
    date_column="date",
    date_format="%Y-%m-%d",
    payee_column="payee",
    amount_column="amount",
    reference_column="reference",
    card_column="card",
    person_column="person_id",
)
PREPAID_CARD = Layout(
    code="prepaid-card",
    name="Prepaid card: Transaction Date,Merchant,Amount,Card Number,Transaction ID",
    date_column="Transaction Date",
    date_format="%d/%m/%Y",
    payee_column="Merchant",
    amount_column="Amount",
    debit_sign=ImportMapping.DebitSign.NEGATIVE,
    reference_column="Transaction ID",
    card_column="Card Number",
)
BANK = Layout(
    code="bank",
    name="Bank statement: Date,Description,Paid out,Paid in,Balance,Reference",
    date_column="Date",
    date_format="%d/%m/%Y",
    payee_column="Description",
    paid_out_column="Paid out",
    paid_in_column="Paid in",
    reference_column="Reference",
    balance_column="Balance",
)
BUILT_IN: dict[str, Layout] = {layout.code: layout for layout in (GENERIC, PREPAID_CARD, BANK)}


def layout_from_mapping(mapping: ImportMapping) -> Layout:
    return Layout(
        code=mapping.code,
        name=mapping.name,
        date_column=mapping.date_column,
        date_format=mapping.date_format,
        payee_column=mapping.payee_column,
        amount_column=mapping.amount_column,
        debit_sign=mapping.debit_sign,
        paid_out_column=mapping.paid_out_column,
        paid_in_column=mapping.paid_in_column,
        reference_column=mapping.reference_column,
        card_column=mapping.card_column,
        person_column=mapping.person_column,
        balance_column=mapping.balance_column,
    )


def layout_get(*, council: Council, code: str) -> Layout:
    """The council's own mapping with this code, else a built-in one."""
    mapping = ImportMapping.objects.filter(council=council, code=code).first()
    if mapping is not None:
        return layout_from_mapping(mapping)
    if code in BUILT_IN:
        return BUILT_IN[code]
    raise DomainError(MSG_UNKNOWN_MAPPING, field="mapping")


def layout_codes(*, council: Council) -> list[str]:
    own = list(ImportMapping.objects.filter(council=council).values_list("code", flat=True))
    return sorted(set(BUILT_IN) | set(own))
