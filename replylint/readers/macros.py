"""Which strings of a JSON/YAML macro file are reply text, and which macro each belongs to.

Vendor layouts are recognised from their documented shapes:

* Zendesk macros: one macro (`{"macro": {...}}` or a bare macro object) or a
  list export (`{"macros": [...]}`); reply text is in `actions` entries whose
  `field` is `comment_value` or `comment_value_html` (`value` a string, or a
  list whose string items are the comment). Triggers/automations exported the
  same way also work: `notification_user` / `notification_group` actions carry
  `[recipient, subject, body]` and the body is linted. Title: `title`.
* Gorgias macros: `{"data": [...]}` or a bare macro; the `setResponseText`
  action's `arguments.body_html` (else `body_text`). Title: `name`.
* Freshdesk canned responses: objects with `title` and `content_html` (else
  `content`), alone, in a list, or under `canned_responses`.
* Help Scout saved replies: objects with `name` and `text` (HTML) and an
  optional `chatText`, alone, in a list, or under `_embedded`.

Any other layout is described with `macro-fields` in the config: dotted paths
where `*` matches one key or list index and `**` any depth, e.g. `["*"]` for a
`{title: text}` file or `["templates.*.body"]`. A configured selector replaces
vendor detection for that file. A file with no recognised layout yields no
views (a `package.json` in the same repository is not an error).

A macro is *ready* (sent as is, so fill-ins must be gone) when it has
`"ready": true` or a `status` of ready/published/live/approved.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from .htmltext import looks_like_html

READY_STATUSES = frozenset({"ready", "published", "live", "approved", "final"})
_TITLE_KEYS = ("title", "name", "subject", "label", "id")


@dataclass(frozen=True, slots=True)
class ReplyField:
    path: tuple
    title: str | None
    html: bool
    ready: bool


def _title(obj: Any, fallback: str | None = None) -> str | None:
    if isinstance(obj, dict):
        for k in _TITLE_KEYS:
            v = obj.get(k)
            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip():
                return str(v).strip()
    return fallback


def _ready(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    status = obj.get("status")
    return obj.get("ready") is True or (isinstance(status, str) and status.strip().lower() in READY_STATUSES)


def _html(key: str, value: str) -> bool:
    return key.endswith("_html") or looks_like_html(value)


def _zendesk(m: dict, p: tuple) -> Iterator[ReplyField]:
    title, ready = _title(m, "/".join(map(str, p)) or None), _ready(m)
    for i, a in enumerate(m.get("actions") or []):
        if not isinstance(a, dict):
            continue
        field, value = a.get("field"), a.get("value")
        here = p + ("actions", i, "value")
        if field in ("comment_value", "comment_value_html"):
            if isinstance(value, str):
                yield ReplyField(here, title, _html(field, value), ready)
            elif isinstance(value, list):
                for j, item in enumerate(value):
                    if isinstance(item, str) and not item.startswith("channel:") and item.strip():
                        yield ReplyField(here + (j,), title, _html(field, item), ready)
        elif field in ("notification_user", "notification_group", "notification_target") and isinstance(value, list) and len(value) >= 3:
            if isinstance(value[2], str):
                yield ReplyField(here + (2,), title, _html("", value[2]), ready)


def _gorgias(m: dict, p: tuple) -> Iterator[ReplyField]:
    title, ready = _title(m, "/".join(map(str, p)) or None), _ready(m)
    for i, a in enumerate(m.get("actions") or []):
        if isinstance(a, dict) and a.get("name") == "setResponseText" and isinstance(a.get("arguments"), dict):
            args = a["arguments"]
            for key in ("body_html", "body_text"):
                if isinstance(args.get(key), str) and args[key].strip():
                    yield ReplyField(p + ("actions", i, "arguments", key), title, _html(key, args[key]), ready)
                    break


def _is_zendesk(m: Any) -> bool:
    return isinstance(m, dict) and isinstance(m.get("actions"), list) and any(isinstance(a, dict) and "field" in a for a in m["actions"])


def _is_gorgias(m: Any) -> bool:
    return isinstance(m, dict) and isinstance(m.get("actions"), list) and any(
        isinstance(a, dict) and a.get("name") == "setResponseText" for a in m["actions"])


def _one(m: Any, p: tuple) -> Iterator[ReplyField]:
    if _is_zendesk(m):
        yield from _zendesk(m, p)
    elif _is_gorgias(m):
        yield from _gorgias(m, p)
    elif isinstance(m, dict) and isinstance(m.get("title"), str) and (isinstance(m.get("content_html"), str) or isinstance(m.get("content"), str)):
        key = "content_html" if isinstance(m.get("content_html"), str) and m["content_html"].strip() else "content"
        yield ReplyField(p + (key,), _title(m), _html(key, m[key]), _ready(m))  # Freshdesk
    elif isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("text"), str):
        yield ReplyField(p + ("text",), _title(m), _html("text", m["text"]), _ready(m))  # Help Scout
        if isinstance(m.get("chatText"), str) and m["chatText"].strip():
            yield ReplyField(p + ("chatText",), _title(m), _html("chatText", m["chatText"]), _ready(m))


_CONTAINERS = ("macros", "data", "canned_responses", "saved_replies", "savedReplies", "saved-replies", "triggers", "automations", "items")


def vendor_fields(value: Any) -> list[ReplyField]:
    out: list[ReplyField] = []
    if isinstance(value, list):
        for i, m in enumerate(value):
            out.extend(_one(m, (i,)))
        return out
    if not isinstance(value, dict):
        return out
    if isinstance(value.get("macro"), dict):
        return list(_one(value["macro"], ("macro",)))
    for key in _CONTAINERS:
        if isinstance(value.get(key), list):
            for i, m in enumerate(value[key]):
                out.extend(_one(m, (key, i)))
    embedded = value.get("_embedded")
    if isinstance(embedded, dict):
        for key, items in embedded.items():
            if isinstance(items, list):
                for i, m in enumerate(items):
                    out.extend(_one(m, ("_embedded", key, i)))
    if not out:
        out.extend(_one(value, ()))
    return out


def _walk(value: Any, parts: list[str], path: tuple, parent: Any) -> Iterator[tuple[tuple, Any, Any]]:
    if not parts:
        if isinstance(value, str):
            yield path, value, parent
        return
    head, rest = parts[0], parts[1:]
    items: list[tuple[Any, Any]]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        items = []
    if head == "**":
        yield from _walk(value, rest, path, parent)
        for k, v in items:
            yield from _walk(v, parts, path + (k,), value)
        return
    for k, v in items:
        if head == "*" or str(k) == head:
            yield from _walk(v, rest, path + (k,), value)


def selected_fields(value: Any, selectors: tuple[str, ...]) -> list[ReplyField]:
    out: dict[tuple, ReplyField] = {}
    for sel in selectors:
        parts = [p for p in sel.strip().split(".") if p] or ["*"]
        for path, text, parent in _walk(value, parts, (), None):
            if path in out or not text.strip():
                continue
            last = path[-1] if path else None
            if parts[-1] in ("*", "**") and isinstance(last, str) and isinstance(parent, dict):
                title = last
            else:  # the parent's title field, else the parent's key ({title: {body: ...}}), else the path
                fallback = path[-2] if len(path) >= 2 and isinstance(path[-2], str) else "/".join(map(str, path))
                title = _title(parent, fallback)
            out[path] = ReplyField(path, title, _html(str(last), text), _ready(parent))
    return list(out.values())


def reply_fields(value: Any, selectors: tuple[str, ...]) -> list[ReplyField]:
    return selected_fields(value, selectors) if selectors else vendor_fields(value)
