"""JSON macro files: vendor layouts, exact positions through escapes, HTML bodies, selectors."""
from __future__ import annotations

import json

import pytest

from replylint.readers import InputError
from replylint.readers.macros import reply_fields, vendor_fields

from macro_helpers import assert_spans_exact, findings, where


def test_zendesk_list_export_positions_through_escapes():
    raw, diags = findings("zendesk_macros.json")
    assert where(diags) == [
        (9, 49, "TPL003", "Shipping::Delayed parcel"),
        (9, 118, "RL0301", "Shipping::Delayed parcel"),  # after \n\n, \" and \t escapes on the same line
        (16, 141, "RL0301", "Billing::Refund sent"),  # comment_value_html, after &amp;
    ]
    assert_spans_exact(raw, diags)
    line = raw.splitlines()[8]
    assert line[117:117 + len("Please calm down")] == "Please calm down"


def test_zendesk_html_comment_directive_suppresses_next_visible_line():
    _raw, diags = findings("zendesk_macros.json")
    assert not [d for d in diags if d.matched == "Calm down"]


def test_zendesk_single_macro_with_unicode_escapes():
    raw, diags = findings("zendesk_macro_single.json")
    assert where(diags) == [(1, 137, "RL0301", "Escalation \u2192 tier 2")]
    assert raw[diags[0].offset:diags[0].offset + diags[0].length] == "please calm down"


def test_fix_is_json_escaped():
    _raw, diags = findings("zendesk_macros.json", text='{"macro": {"title": "T", "actions": [{"field": "comment_value", '
                                                       '"value": "Please calm down, we are on it."}]}}')
    (d,) = diags
    edit = d.suggestions[0].edits[0]
    assert json.loads('"' + edit.replacement + '"') == d.suggestions[0].replacement


def test_freshdesk_prefers_html_and_fix_across_tag_is_display_only():
    raw, diags = findings("freshdesk_canned_responses.json")
    assert where(diags) == [(7, 27, "RL0301", "Password reset")]
    assert raw[diags[0].offset:diags[0].offset + diags[0].length] == "Please <b>calm</b> down"
    assert diags[0].suggestions[0].applicability.value == "display-only"


def test_helpscout_text_and_chat_text():
    raw, diags = findings("helpscout_saved_replies.json")
    assert where(diags) == [(2, 126, "RL0301", "Out of office"), (3, 84, "RL0301", "Chat hello")]
    assert_spans_exact(raw, diags)
    # the Help Scout fallback form is a placeholder with a fallback: no TPL003
    assert not [d for d in diags if d.code == "TPL003"]


def test_gorgias_set_response_text():
    raw, diags = findings("gorgias_macros.json")
    assert where(diags) == [(8, 136, "RL0301", "WISMO")]
    assert_spans_exact(raw, diags)


def test_title_text_layout_needs_the_selector():
    _raw, none = findings("title_text.json")
    assert none == []
    raw, diags = findings("title_text.json", macro_fields=["*"])
    assert where(diags) == [(2, 39, "RL0301", "Late delivery")]
    assert_spans_exact(raw, diags)


@pytest.mark.parametrize("selector, expected", [
    ("*", [(("a",), "a")]),
    ("items.*.body", [(("items", 0, "body"), "First")]),
    ("**.body", [(("items", 0, "body"), "First"), (("deep", "x", "body"), "x")]),
])
def test_selector_paths_and_titles(selector, expected):
    value = {"a": "text a", "items": [{"name": "First", "body": "hello"}], "deep": {"x": {"body": "deep text"}}}
    got = [(f.path, f.title) for f in reply_fields(value, (selector,))]
    assert got == expected


def test_vendor_detection_ignores_other_json():
    assert vendor_fields({"name": "pkg", "version": "1.0", "scripts": {"test": "pytest"}}) == []
    _raw, diags = findings("package.json", text='{"name": "x", "description": "Please calm down"}')
    assert diags == []


def test_zendesk_trigger_notification_body():
    value = {"triggers": [{"title": "Notify", "actions": [{"field": "notification_user", "value": ["requester_id", "Subj", "Body text"]}]}]}
    (f,) = vendor_fields(value)
    assert f.path == ("triggers", 0, "actions", 0, "value", 2)


def test_invalid_json_is_an_input_error_with_line():
    with pytest.raises(InputError) as err:
        findings("broken.json", text='{\n  "macros": [\n    {"title": "x",,}\n  ]\n}')
    assert err.value.line == 3


def test_cli_names_the_macro_and_position(cli):
    from macro_helpers import FIXTURES

    proc = cli("check", "--select", "calm-down", str(FIXTURES / "gorgias_macros.json"))
    assert proc.returncode == 1
    assert "gorgias_macros.json:8:136: (WISMO) RL0301" in proc.stdout
