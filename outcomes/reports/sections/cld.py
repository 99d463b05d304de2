"""CLD-shaped export: direct-payment service lines running in the period
(docs/domain/wellbeing.md#cld-export).

One row per direct-payment budget overlapping the period. The person is the council's own client
id (LA_Person_Unique_Identifier), never a name or date of birth. Codes are CLD Release 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from budgets.models import PersonalBudget
from outcomes.reports.sections.sql import BUDGETS, HOLDERS, Params, d, in_pence, pounds, stream

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
    sql = f"""SELECT holder.council_person_id, budget.service_type, budget.service_component,
            budget.delivery_mechanism, budget.starts_on, budget.ends_on, {in_pence("budget.payment_amount")},
            budget.payment_frequency
        FROM {BUDGETS} budget JOIN {HOLDERS} holder ON holder.id = budget.holder_id
        WHERE holder.council_id = %(council)s AND budget.delivery_mechanism = %(direct_payment)s
          AND budget.starts_on <= {d("end")} AND budget.ends_on >= {d("start")}
        ORDER BY holder.council_person_id, budget.starts_on, budget.id"""
    for person, s_type, component, mechanism, start, end, cost_pence, frequency in stream(sql, p.sql()):
        # Planned units per week are only needed for units more frequent than weekly (hourly,
        # daily); budgets here are paid weekly or less often, so the field is left blank.
        yield (
            person,
            s_type,
            component,
            mechanism,
            str(start)[:10],
            str(end)[:10],
            f"{pounds(cost_pence):.2f}",
            FREQUENCY_CODES.get(frequency, frequency),
            "",
        )
