from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """django-htmx and our templates read `csp_nonce`; django-csp 4 sets request.csp_nonce."""
    return {"csp_nonce": str(getattr(request, "csp_nonce", ""))}
