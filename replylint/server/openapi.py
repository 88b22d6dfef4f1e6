"""The OpenAPI 3.1 description of the HTTP API, served at GET /openapi.json.

The `Finding` schema describes the objects made by `formatters.json.finding`
(the JSON output); the test suite validates this document with
openapi-spec-validator and checks real responses against its schemas.
"""
from __future__ import annotations

import copy
from typing import Any

from .. import __version__

_NULLABLE_STRING = {"type": ["string", "null"]}

# Finding, Suggestion and Edit mirror docs/schema/findings.schema.json (the JSON output's
# contract: fields are only ever added, so unknown keys are allowed); a test keeps them in step.
_EDIT = {
    "type": "object",
    "required": ["offset", "length", "replacement"],
    "additionalProperties": True,
    "properties": {
        "offset": {"type": "integer", "minimum": 0, "description": "0-based character offset in `text` where the replaced text starts."},
        "length": {"type": "integer", "minimum": 0, "description": "Characters replaced (0: an insertion)."},
        "replacement": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "end_line": {"type": "integer", "minimum": 1},
        "end_column": {"type": "integer", "minimum": 1},
    },
}

_SUGGESTION = {
    "type": "object",
    "required": ["title", "replacement", "applicability"],
    "additionalProperties": True,
    "properties": {
        "title": {"type": "string"},
        "replacement": {"type": "string"},
        "applicability": {"type": "string", "enum": ["safe", "unsafe", "display-only"]},
        "edits": {"type": "array", "items": {"$ref": "#/components/schemas/Edit"}},
    },
}

_FINDING = {
    "type": "object",
    "description": "One finding: the same object as in `replylint check --format json`.",
    "required": ["path", "record", "macro", "code", "name", "category", "severity", "message", "line", "column",
                 "end_line", "end_column", "offset", "length", "suggestions"],
    "additionalProperties": True,
    "properties": {
        "path": {"type": "string", "description": "Always \"<text>\" for the HTTP API."},
        "record": _NULLABLE_STRING,
        "macro": _NULLABLE_STRING,
        "code": {"type": "string", "pattern": "^[A-Z]{2,6}[0-9]{2,5}$"},
        "name": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
        "category": {"type": "string"},
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "message": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "end_line": {"type": "integer", "minimum": 1},
        "end_column": {"type": "integer", "minimum": 1},
        "offset": {"type": "integer", "minimum": 0},
        "length": {"type": "integer", "minimum": 0},
        "suggestions": {"type": "array", "items": {"$ref": "#/components/schemas/Suggestion"}},
    },
}

_REQUEST = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "description": "The reply the agent is about to send."},
        "context": {"type": ["string", "null"], "description": "The customer's message the reply answers."},
        "lang": {"type": ["string", "null"], "description": "Force a language (en, id, ...); default: detect."},
    },
    "example": {"text": "Please calm down, your refund is on its way.", "context": "Where is my refund??"},
}

_LINT_RESPONSE = {
    "type": "object",
    "required": ["findings", "notes"],
    "additionalProperties": False,
    "properties": {
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "notes": {"type": "array", "items": {"type": "string"},
                  "description": "E.g. that the reply's language has no ruleset (then nothing was linted)."},
    },
}

_VERDICT = {
    "type": "object",
    "required": ["action", "summary", "findings", "finding_actions", "fixed_text", "fixes_applied", "notes"],
    "additionalProperties": False,
    "properties": {
        "action": {"type": "string", "enum": ["block", "warn", "allow"],
                   "description": "block: do not send; warn: let the agent review; allow: send."},
        "summary": {"type": "string", "description": "One line for people."},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "finding_actions": {"type": "array", "items": {"type": "string", "enum": ["block", "warn", "allow"]},
                            "description": "The policy's action for each finding, in the same order."},
        "fixed_text": {"type": "string", "description": "The reply with safe fixes applied."},
        "fixes_applied": {"type": "integer", "minimum": 0},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "additionalProperties": False,
    "properties": {
        "error": {"type": "string", "description": "A stable code: unauthorized, payload_too_large, invalid_json, "
                                                   "invalid_request, not_found, method_not_allowed, internal_error."},
        "message": {"type": "string"},
    },
}

_HEALTH = {
    "type": "object",
    "required": ["status", "version"],
    "additionalProperties": False,
    "properties": {"status": {"type": "string", "enum": ["ok"]}, "version": {"type": "string"}},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _post(summary: str, description: str, response_schema: str, auth: bool) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "description": description,
        "requestBody": {"required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LintRequest"}}}},
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{response_schema}"}}}},
            "400": _error("Malformed JSON, or not a request object."),
            "401": _error("Missing or wrong bearer token (only when the server has a token)."),
            "413": _error("The body is over the server's size limit."),
            "500": _error("An internal error (for example a rule that took too long)."),
        },
    }
    if auth:
        op["security"] = [{"bearer": []}]
    return op


def build_spec(*, max_body: int, auth: bool) -> dict[str, Any]:
    """The description of this server: its size limit, and whether it asks for a token."""
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "replylint",
            "version": __version__,
            "summary": "Lint customer-support replies before they are sent.",
            "description": f"Bodies over {max_body} bytes are refused with 413. Errors are JSON objects "
                           "{\"error\", \"message\"}. See docs/presend.md.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/v1/lint": {"post": _post("Lint one reply", "All findings, as in the JSON output.", "LintResponse", auth)},
            "/v1/presend": {"post": _post("Decide whether a reply may be sent",
                                          "The pre-send verdict under the server's policy: block, warn or allow, "
                                          "with the findings and the reply with safe fixes applied.", "Verdict", auth)},
            "/healthz": {"get": {"summary": "Liveness", "description": "No token needed.",
                                 "responses": {"200": {"description": "Up",
                                                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}}},
            "/openapi.json": {"get": {"summary": "This description", "description": "No token needed.",
                                      "responses": {"200": {"description": "The OpenAPI document",
                                                            "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {
            "schemas": {
                "LintRequest": _REQUEST, "LintResponse": _LINT_RESPONSE, "Verdict": _VERDICT, "Finding": _FINDING,
                "Suggestion": _SUGGESTION, "Edit": _EDIT, "Error": _ERROR, "Health": _HEALTH,
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Set with `replylint serve --token` or REPLYLINT_TOKEN."}},
        },
    }
    return copy.deepcopy(spec)
