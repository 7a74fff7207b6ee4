"""The server's own routes beside Streamlit's: the session cookie, which a page cannot set.

A page talks to the server over a websocket, where no cookie can be set; the browser therefore
posts the one-time claim code it was given at sign-in to /api/session and gets back an HttpOnly,
SameSite=Lax cookie (Secure when the portal is reached over HTTPS). No Streamlit here: Starlette only.
"""

from __future__ import annotations

import json
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from relclient.sessions import COOKIE, claim_cookie, end_by_token
from relclient.store import StoreError, open_store

_LOG = logging.getLogger("relclient")
MAX_BODY = 1024  # a claim is a few dozen characters


def _secure(request: Request) -> bool:
    # Behind a reverse proxy that ends TLS, the proxy says so in X-Forwarded-Proto.
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


async def claim(request: Request) -> Response:
    """Trade a one-time claim code (JSON body) for the session cookie; 403 when the code is not valid."""
    body = await request.body()
    if len(body) > MAX_BODY or request.headers.get("content-type", "").split(";")[0] != "application/json":
        return Response(status_code=400)
    try:
        code = json.loads(body).get("claim")
    except (ValueError, AttributeError):
        return Response(status_code=400)
    if not isinstance(code, str):
        return Response(status_code=400)
    try:
        token = claim_cookie(open_store(), code)
    except StoreError:
        _LOG.exception("session claim failed")
        return Response(status_code=503)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    # No Max-Age: the browser forgets it when it closes; the server ends it after the idle period.
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/")
    return response


async def sign_out(request: Request) -> Response:
    """End the cookie's session and forget the cookie."""
    try:
        end_by_token(open_store(), request.cookies.get(COOKIE))
    except StoreError:
        _LOG.exception("sign-out failed")
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response


ROUTES: list[Route] = [Route("/api/session", claim, methods=["POST"]),
                       Route("/api/session", sign_out, methods=["DELETE"])]
