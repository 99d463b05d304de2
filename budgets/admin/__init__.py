"""Django admin for council admins, cut to the admin's council (docs/admin.md).

Django's admin autodiscovery imports this package; importing each module registers its models:
councils.py (council settings, teams, spend categories), people.py (roles, caseloads, people,
plans and money), users.py (accounts), imports.py (import layouts and card accounts) and audit.py
(the access audit trail, read-only). scoping.py holds the base class that cuts every admin page
to the signed-in admin's council; superusers see everything.
"""

from budgets.admin import audit, councils, imports, people, users  # noqa: F401  (registers the models)
