"""The client's address, as seen through the council's reverse proxies.

Behind a reverse proxy every request's REMOTE_ADDR is the proxy's own address, so sign-in
lockout and the access audit trail would lump every user together. `DJANGO_TRUSTED_PROXY_COUNT`
says how many proxies stand in front of the app (0, the default, trusts no header): the client
is then the address that many hops from the right of X-Forwarded-For, the last one a proxy we
trust appended. Entries further left are written by the client and can be forged, so they are
never used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or the trusted hop of X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request did not come through all of them.
        return remote
    return _valid(forwarded[-hops]) or remote
