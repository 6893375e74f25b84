"""`POST /api/realtime/ticket/`: a 60-second ticket to open a stream without putting the
long-lived token in a URL (`?ticket=`)."""

from __future__ import annotations

from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from multichat.realtime.tickets import TICKET_SECONDS, ticket_issue


class RealtimeTicketApi(APIView):
    def post(self, request: Request) -> Response:
        user_id = request.user.pk
        if user_id is None:  # IsAuthenticated already refused anonymous callers
            raise NotAuthenticated
        return Response({"ticket": ticket_issue(user_id), "expires_in": TICKET_SECONDS})
