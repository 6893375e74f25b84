"""DRF glue shared by every API: the exception handler that turns errors into JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from multichat.core.exceptions import MultichatError


def error_response(error: MultichatError) -> JsonResponse:
    """A plain-Django JSON error, for views outside DRF (webhooks)."""
    return JsonResponse(error.as_json(), status=error.status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map `MultichatError` to its status; let DRF render its own errors as JSON too."""
    if isinstance(exc, MultichatError):
        return Response(exc.as_json(), status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(getattr(exc, "default_code", None), "__str__", lambda: "error")()
        response.data = {"error": code, "detail": str(response.data["detail"])}
    elif response is not None:
        response.data = {
            "error": "invalid_input",
            "detail": "invalid input",
            "details": response.data,
        }
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 for routes that match nothing, as JSON like every other API error."""
    return JsonResponse({"error": "not_found", "detail": "not found"}, status=404)
