"""API throttles keyed on the client's address from config/proxy.py.

DRF's own throttles identify an anonymous client by the whole X-Forwarded-For header when
NUM_PROXIES is unset, and any client can write that header: a new made-up value per request
would escape the limit. These use the one client-address function instead.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.request import Request

from config.proxy import client_address


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_address(request._request)


class UserRateThrottle(throttling.UserRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_address(request._request)
