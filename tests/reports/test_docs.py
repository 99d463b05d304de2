"""docs/reports.md keeps up with the code: every Method definition, the disclosure rule's
numbers, and how to run the benchmark."""

from __future__ import annotations

from pathlib import Path

from outcomes.reports.sections.method import DEFINITIONS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text()


def _flat(text: str) -> str:
    return " ".join(text.split()).replace('"', "'")


def test_every_definition_is_in_the_docs_word_for_word() -> None:
    doc = _flat(DOC)
    for term, definition in DEFINITIONS:
        assert f"**{term}**" in doc, term
        words = _flat(definition)
        assert words[1:] in doc, term  # the docs start each sentence in lower case


def test_the_disclosure_rule_and_the_benchmark_are_explained() -> None:
    doc = _flat(DOC)
    for phrase in (
        "1 to 7 is shown as `*`",
        "rounded to the nearest 5",
        "8 or more people",
        "4,000 or more",
        "rounded on their own",
        "make bench",
        "BENCH_HOLDERS=20000 make bench",
        "BENCH_DATABASE_URL",
        "var/bench/reports.json",
    ):
        assert phrase in doc, phrase
