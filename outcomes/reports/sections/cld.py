"""CLD-shaped export: direct-payment service lines running in the period (domain.md §10).

One row per direct-payment budget overlapping the period. The person is the council's own client
id (LA_Person_Unique_Identifier), never a name or date of birth. Codes are CLD Release 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from budgets.models import PersonalBudget
from outcomes.reports.sections.sql import Params, d, stream

COLUMNS = (
    "LA_Person_Unique_Identifier",
    "Service_Type",
    "Service_Component",
    "Delivery_Mechanism",
    "Event_Start_Date",
    "Event_End_Date",
    "Unit_Cost",
    "Cost_Frequency_Unit_Type",
    "Planned_units_per_week",
)
FREQUENCY_CODES = {value: label for value, label in PersonalBudget.PaymentFrequency.choices}


def cld_rows(p: Params) -> Iterator[tuple[Any, ...]]:
    sql = f"""SELECT h.council_person_id, b.service_type, b.service_component, b.delivery_mechanism,
            b.starts_on, b.ends_on, b.payment_amount, b.payment_frequency
        FROM budgets_personalbudget b JOIN budgets_budgetholder h ON h.id = b.holder_id
        WHERE h.council_id = %(council)s AND b.delivery_mechanism = %(dp)s
          AND b.starts_on <= {d("end")} AND b.ends_on >= {d("start")}
        ORDER BY h.council_person_id, b.starts_on, b.id"""
    params = {**p.sql(), "dp": PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT}
    for person, s_type, component, mechanism, start, end, cost, frequency in stream(sql, params):
        # Planned units per week are only needed for units more frequent than weekly (hourly,
        # daily); budgets here are paid weekly or less often, so the field is left blank.
        yield (
            person,
            s_type,
            component,
            mechanism,
            str(start)[:10],
            str(end)[:10],
            f"{cost:.2f}" if not isinstance(cost, str) else cost,
            FREQUENCY_CODES.get(frequency, frequency),
            "",
        )
