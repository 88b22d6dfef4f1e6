"""The HTTP API a helpdesk calls before a reply goes out (Starlette; served by uvicorn).

    POST /v1/lint      {"text", "context"?, "lang"?} -> {"findings": [...], "notes": [...]}
    POST /v1/presend   {"text", "context"?, "lang"?} -> verdict (action, findings, fixed_text, ...)
    GET  /healthz      -> {"status": "ok", "version": ...}   (no token needed)
    GET  /openapi.json -> the OpenAPI 3.1 description        (no token needed)

Findings are the objects of the JSON output (`formatters.json.finding`). With a
token set, /v1/* need `Authorization: Bearer TOKEN` (401 otherwise). Bodies
over `max_body` bytes get 413, malformed JSON 400; every error is a JSON object
`{"error": CODE, "message": TEXT}`. Linting runs on the event loop: a reply
takes well under a millisecond, so a thread hop would cost more than it saves;
scale with `--workers`.
"""
from __future__ import annotations

import hmac
import json
import os
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..api import lint
from ..config import Config, discover, load_file
from ..engine import LanguageNotLinted
from ..formatters.json import finding
from ..presend import Policy, check_policy, presend, verdict_json
from .openapi import build_spec

DEFAULT_MAX_BODY = 128 * 1024
REQUEST_FIELDS = ("text", "context", "lang")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def _error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _error_response(exc.status, exc.code, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return _error_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}) or None)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return _error_response(500, "internal_error", f"{type(exc).__name__}: {exc}")


class Service:
    """Settings and request handling shared by the routes."""

    def __init__(self, config: Config, policy: Policy, token: str | None, max_body: int) -> None:
        self.config, self.policy, self.max_body = config, policy, max_body
        self.token = token.encode() if token else None
        self.spec = build_spec(max_body=max_body, auth=bool(token))

    def authorize(self, request: Request) -> None:
        if self.token is None:
            return
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value:
            raise ApiError(401, "unauthorized", "this server needs a bearer token: send 'Authorization: Bearer TOKEN'",
                           {"WWW-Authenticate": 'Bearer realm="replylint"'})
        if not hmac.compare_digest(value.strip().encode(), self.token):
            raise ApiError(401, "unauthorized", "the bearer token is not valid",
                           {"WWW-Authenticate": 'Bearer realm="replylint", error="invalid_token"'})

    async def read_request(self, request: Request) -> tuple[str, str | None, str | None]:
        length = request.headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                raise ApiError(400, "bad_request", "Content-Length is not a number") from None
            if declared > self.max_body:
                raise ApiError(413, "payload_too_large", f"the body is {declared} bytes; the limit is {self.max_body}")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body:
                raise ApiError(413, "payload_too_large", f"the body is over the limit of {self.max_body} bytes")
        try:
            data = json.loads(bytes(body))
        except UnicodeDecodeError:
            raise ApiError(400, "invalid_json", "the body is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise ApiError(400, "invalid_json", f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
        if not isinstance(data, dict):
            raise ApiError(400, "invalid_request", 'the body must be a JSON object: {"text": "...", "context": "...", "lang": "en"}')
        unknown = sorted(k for k in data if k not in REQUEST_FIELDS)
        if unknown:
            raise ApiError(400, "invalid_request", f"unknown field(s) {', '.join(map(repr, unknown))} (known: text, context, lang)")
        text = data.get("text")
        if not isinstance(text, str):
            raise ApiError(400, "invalid_request", "'text' is required and must be a string (the reply)")
        for name in ("context", "lang"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise ApiError(400, "invalid_request", f"'{name}' must be a string or null")
        lang = data.get("lang") or None
        if lang == "auto":
            lang = None
        return text, data.get("context"), lang

    async def lint(self, request: Request) -> Response:
        self.authorize(request)
        text, context, lang = await self.read_request(request)
        try:
            found = lint(text, context=context, lang=lang, config=self.config)
            notes: list[str] = []
        except LanguageNotLinted as exc:
            found, notes = [], [f"not linted: no ruleset for language '{exc.args[0]}'"]
        return JSONResponse({"findings": [finding(d) for d in found], "notes": notes})

    async def presend(self, request: Request) -> Response:
        self.authorize(request)
        text, context, lang = await self.read_request(request)
        verdict = presend(text, context=context, lang=lang, policy=self.policy, config=self.config)
        return JSONResponse(verdict_json(verdict))

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(self.spec)


def create_app(config: Config | None = None, *, token: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               policy: Policy | None = None, cors_origins: tuple[str, ...] = ()) -> Starlette:
    """The ASGI application. Raises `ConfigError` for a policy key that names nothing."""
    cfg = config or Config()
    pol = policy or Policy.from_config(cfg)
    check_policy(pol, cfg)
    try:  # build the linter now (rulesets compiled), not on the first request
        lint("Hello, thanks for writing in.", config=cfg)
    except LanguageNotLinted:
        pass
    service = Service(cfg, pol, token or None, max_body)
    routes = [
        Route("/v1/lint", service.lint, methods=["POST"]),
        Route("/v1/presend", service.presend, methods=["POST"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Route("/openapi.json", service.openapi, methods=["GET"]),
    ]
    middleware: list[Middleware] = []
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                                     allow_headers=["Authorization", "Content-Type"]))
    handlers: dict[Any, Any] = {ApiError: _api_error, HTTPException: _http_error, Exception: _internal_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.state.service = service
    return app


# Settings passed to worker processes (`--workers N`) through the environment.
ENV_CONFIG, ENV_TOKEN, ENV_MAX_BODY, ENV_CORS = "REPLYLINT_SERVE_CONFIG", "REPLYLINT_TOKEN", "REPLYLINT_MAX_BODY", "REPLYLINT_SERVE_CORS"


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: the same settings `replylint serve` was given."""
    path = os.environ.get(ENV_CONFIG)
    cfg = load_file(path) if path else discover(os.getcwd())
    cors = tuple(o for o in os.environ.get(ENV_CORS, "").split(",") if o)
    return create_app(cfg, token=os.environ.get(ENV_TOKEN) or None,
                      max_body=int(os.environ.get(ENV_MAX_BODY) or DEFAULT_MAX_BODY), cors_origins=cors)
