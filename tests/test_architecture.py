"""The dependency rule: outcomes → budgets → Django; config imports no app (import-linter, pyproject.toml)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    """The import rules live in pyproject.toml's [tool.importlinter] (import-linter, also `make imports-check`): budgets
    never imports outcomes, seeds or tests; config imports no app; outcomes never imports seeds or
    tests; the layers; nothing imports a view module but the URL modules. This replaced a
    hand-written walk over the import statements that covered only the first three."""
    from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == EXIT_STATUS_SUCCESS


def test_the_demo_data_is_installed_only_where_the_demo_runs():
    """The seeds app (and its `manage.py seed`) is never in a deployment's settings (base.py)."""
    import importlib

    assert "seeds" not in importlib.import_module("config.settings.base").INSTALLED_APPS
    for demo in ("dev", "local", "test"):
        source = (ROOT / "config" / "settings" / f"{demo}.py").read_text()
        assert 'INSTALLED_APPS = [*INSTALLED_APPS, "seeds"]' in source, demo


def test_every_tenant_model_reaches_a_council():
    """Every model in the apps has a council FK or a documented path to one."""
    from django.apps import apps

    paths = {
        "Council": "pk",
        "WellbeingArea": None,
        "User": None,
        # Keyed by the calling user and request path: replayed responses, no person data of its own.
        "IdempotencyRecord": None,
        "Team": "council",
        "Membership": "council",
        "CaseloadAssignment": "council",
        "SpendCategory": "council",
        "BudgetHolder": "council",
        "CarePlan": "holder__council",
        "PersonalBudget": "holder__council",
        "Funding": "budget__holder__council",
        "Spend": "budget__holder__council",
        "Refund": "budget__holder__council",
        "Goal": "holder__council",
        "GoalRating": "goal__holder__council",
        "SpendGoalLink": "goal__holder__council",
        "Activity": "holder__council",
        "WellbeingCheck": "holder__council",
        "Review": "holder__council",
        "ReviewGoalOutcome": "review__holder__council",
        "ReviewReminder": "review__holder__council",
        "ReviewPack": "holder__council",
        "ReportRun": "council",
        "ReportArtifact": "run__council",
    }
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"budgets", "outcomes"} and not m.__name__.startswith("Historical")
    ]
    missing = []
    for model in models:
        path = paths.get(model.__name__, "missing")
        if path == "missing" and any(f.name == "council" for f in model._meta.get_fields()):
            continue  # a direct council FK needs no entry
        if path == "missing":
            missing.append(model.__name__)
        elif path is not None:
            model._default_manager.filter(**{f"{path}__isnull": False}).query  # noqa: B018 - resolves the path
    assert missing == []
