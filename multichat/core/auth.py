"""`Authorization: Bearer <token>` for the REST API (DRF's token model, Bearer keyword)."""

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"
