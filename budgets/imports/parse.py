"""Read a card or bank CSV into rows and problems, each problem with its line number.

Pure: no database. Decoding is per line, so one badly encoded line is reported and the rest of
the file is still checked. The header is line 1; a quoted value over several lines takes the
number of the line it starts on.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from budgets.imports.layouts import Layout
from budgets.models import ImportMapping
from budgets.text import has_control_characters

MSG_EMPTY_FILE = "The file is empty"
MSG_BAD_ENCODING = "Bad encoding: this line is not UTF-8 text; save the file as 'CSV UTF-8'"
MSG_MISSING_HEADER_COLUMN = "Missing column: the header has no '{column}' column"
MSG_MISSING_COLUMN = "Missing column: this row has {got} values but the header has {want}"
MSG_BAD_DATE = "Bad date: '{value}' is not a date like {example}"
MSG_BAD_AMOUNT = "Non-numeric amount: '{value}' is not an amount of money"
MSG_NEGATIVE_AMOUNT = "Negative amount: '{value}'; money out must be more than £0.00"
MSG_ZERO_AMOUNT = "The amount is £0.00"
MSG_NO_PAYEE = "The payee is empty"
MSG_PAYEE_TOO_LONG = "The payee is longer than 200 characters"
MSG_REFERENCE_TOO_LONG = "The transaction reference is longer than 120 characters"
MSG_CONTROL_CHARACTER = (
    "Control character: the '{column}' value has a hidden control character (such as a NUL byte); "
    "remove it and upload the file again"
)
MSG_CONTROL_CHARACTER_HEADER = (
    "Control character: column {position} of the header has a hidden control character "
    "(such as a NUL byte); remove it and upload the file again"
)
MSG_UNREADABLE = "The file cannot be read from this line on: {reason}"
SKIP_MONEY_IN = "Money in (a card load, refund or payment in), not a spend"

MAX_PAYEE = 200
MAX_REFERENCE = 120
_EXAMPLE_DAY = date(2026, 3, 31)


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


@dataclass(frozen=True)
class RawRow:
    """A row that passed the checks that need no database."""

    line: int
    spent_on: date
    amount: Decimal
    payee: str
    reference: str
    card: str
    person: str


@dataclass
class Parsed:
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    data_lines: int = 0


def _decode(data: bytes) -> tuple[list[str], list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        # Lines end only at CR, LF or CRLF (as in bytes.splitlines below): str.splitlines would
        # also split at control characters such as \x0b and \x1c and shift the line numbers.
        return io.StringIO(data.decode("utf-8"), newline="").readlines(), []
    except UnicodeDecodeError:
        pass
    lines, problems = [], []
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(Problem(number, MSG_BAD_ENCODING))
            lines.append(raw.decode("utf-8", errors="replace"))
    return lines, problems


def _money(value: str) -> Decimal | None:
    cleaned = value.strip().replace("£", "").replace(",", "").replace(" ", "")
    if cleaned.startswith("(") and cleaned.endswith(")"):  # accountants' negative
        cleaned = "-" + cleaned[1:-1]
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")) or abs(amount) >= 10**10:
        return None
    return amount.quantize(Decimal("0.01"))


def _column_index(header: list[str]) -> dict[str, int]:
    return {name.strip().lower(): index for index, name in enumerate(header)}


class _RowReader:
    def __init__(self, layout: Layout, index: dict[str, int]) -> None:
        self.layout = layout
        self.index = index
        self.width = len(index)

    def get(self, row: list[str], column: str) -> str:
        if not column or column.lower() not in self.index:
            return ""
        position = self.index[column.lower()]
        return row[position].strip() if position < len(row) else ""

    def amount(self, row: list[str]) -> tuple[Decimal | None, str | None]:
        """(spend amount, None), (None, problem) or (None, None) for money in."""
        layout = self.layout
        if layout.amount_column:
            raw = self.get(row, layout.amount_column)
            value = _money(raw)
            if value is None:
                return None, MSG_BAD_AMOUNT.format(value=raw)
            if layout.debit_sign == ImportMapping.DebitSign.NEGATIVE:
                value = -value
                if value < 0:
                    return None, None
            if value < 0:
                return None, MSG_NEGATIVE_AMOUNT.format(value=raw)
            return (value, None) if value > 0 else (None, MSG_ZERO_AMOUNT)
        raw = self.get(row, layout.paid_out_column)
        if raw == "" and self.get(row, layout.paid_in_column) != "":
            return None, None
        value = _money(raw)
        if value is None:
            return None, MSG_BAD_AMOUNT.format(value=raw)
        if value < 0:
            return None, MSG_NEGATIVE_AMOUNT.format(value=raw)
        return (value, None) if value > 0 else (None, MSG_ZERO_AMOUNT)


def _made_up_reference(parts: tuple[str, ...], seen: Counter[tuple[str, ...]]) -> str:
    """For files without references: the same row in the same place of a re-sent file gets the
    same reference, so importing the file twice adds nothing."""
    seen[parts] += 1
    digest = hashlib.sha256("|".join((*parts, str(seen[parts]))).encode()).hexdigest()
    return f"auto-{digest[:40]}"


def _check_row(
    reader: _RowReader, row: list[str], line: int, out: Parsed, seen: Counter[tuple[str, ...]]
) -> None:
    layout = reader.layout
    if len(row) < reader.width:
        out.problems.append(Problem(line, MSG_MISSING_COLUMN.format(got=len(row), want=reader.width)))
        return
    reasons = []
    raw_date = reader.get(row, layout.date_column)
    try:
        spent_on = datetime.strptime(raw_date, layout.date_format).date()  # noqa: DTZ007 (a date)
    except ValueError:
        spent_on = None
        reasons.append(MSG_BAD_DATE.format(value=raw_date, example=_EXAMPLE_DAY.strftime(layout.date_format)))
    amount, amount_problem = reader.amount(row)
    if amount_problem:
        reasons.append(amount_problem)
    payee = reader.get(row, layout.payee_column)
    if not payee:
        reasons.append(MSG_NO_PAYEE)
    elif len(payee) > MAX_PAYEE:
        reasons.append(MSG_PAYEE_TOO_LONG)
    reference = reader.get(row, layout.reference_column)
    if len(reference) > MAX_REFERENCE:
        reasons.append(MSG_REFERENCE_TOO_LONG)
    if reasons:
        out.problems.extend(Problem(line, reason) for reason in reasons)
        return
    if amount is None:
        out.skipped.append(Problem(line, SKIP_MONEY_IN))
        return
    assert spent_on is not None
    card = reader.get(row, layout.card_column)
    if not reference:
        balance = reader.get(row, layout.balance_column)
        reference = _made_up_reference((raw_date, payee, str(amount), balance, card), seen)
    out.rows.append(
        RawRow(
            line=line,
            spent_on=spent_on,
            amount=amount,
            payee=payee,
            reference=reference,
            card=card,
            person=reader.get(row, layout.person_column),
        )
    )


def _control_character_problems(header: list[str], row: list[str], line: int) -> list[Problem]:
    """One problem per field holding a control character (budgets.text). The value itself is
    never echoed: it could not be stored (PostgreSQL refuses NUL in text and jsonb)."""
    problems = []
    for position, value in enumerate(row):
        if has_control_characters(value):
            column = header[position].strip() if position < len(header) else f"column {position + 1}"
            problems.append(Problem(line, MSG_CONTROL_CHARACTER.format(column=column)))
    return problems


def parse_file(*, data: bytes, layout: Layout) -> Parsed:
    out = Parsed()
    lines, encoding_problems = _decode(data)
    bad_lines = {problem.line for problem in encoding_problems}
    out.problems.extend(encoding_problems)
    if not any(line.strip() for line in lines):
        out.problems.append(Problem(1, MSG_EMPTY_FILE))
        return out
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except csv.Error as exc:
        out.problems.append(Problem(1, MSG_UNREADABLE.format(reason=exc)))
        return out
    header_problems = [
        Problem(1, MSG_CONTROL_CHARACTER_HEADER.format(position=position))
        for position, name in enumerate(header, start=1)
        if has_control_characters(name)
    ]
    if header_problems:
        out.problems.extend(header_problems)
        return out
    index = _column_index(header)
    missing = [column for column in layout.required_columns if column.lower() not in index]
    if missing:
        out.problems.extend(Problem(1, MSG_MISSING_HEADER_COLUMN.format(column=c)) for c in missing)
        return out
    row_reader = _RowReader(layout, index)
    seen: Counter[tuple[str, ...]] = Counter()
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a value longer than the csv module's field limit
            out.problems.append(Problem(line, MSG_UNREADABLE.format(reason=exc)))
            break
        start, line = line, reader.line_num + 1
        if not any(value.strip() for value in row):
            continue
        out.data_lines += 1
        if start in bad_lines:
            continue  # already reported; its text is not to be trusted
        control = _control_character_problems(header, row, start)
        if control:
            out.problems.extend(control)
            continue
        _check_row(row_reader, row, start, out, seen)
    return out
