"""Property-based tests (hypothesis), bounded in time: no input crashes the linter,
every span lies inside the text, and line/column always agree with the offset."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

import replylint
from replylint.document import Source
from replylint.api import lint_source
from replylint.readers import ReadOptions

FRAGMENTS = [
    "Please calm down", "the courier lost your parcel", "I'm sorry if you feel", "THIS IS NOT OK!!", "?!",
    "{{ticket.requester.first_name}}", "{%customer.firstName,fallback=there%}", "{{first_name | fallback: \"there\"}}",
    "[ADD NAME HERE]", "<ISSUE_NUMBER>", "KEY_WORD_CUSTOMER", "&amp;", "&#128512;", "<b>bold</b>", "https://example.com/a?b=c",
    "@handle", "a@b.co", "\n> quoted calm down\n", "\nOn Mon, 1 Jan 2024, Ana wrote:\n> hi\n", "\n\nBest,\nSam\n", "Mohon maaf",
    "Harap tenang", "\r\n", "\u2028", "\ufeff", "\U0001F600", "é", "\t", "\"quoted you are wrong\"", "`code`", "```",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=25).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_positions(text: str, diags) -> None:
    source = Source("x", text)
    for d in diags:
        assert 0 <= d.offset <= d.offset + d.length <= len(text)
        assert source.position(d.offset) == d.start
        assert source.position(d.offset + d.length) == d.end
        line_start = text.rfind("\n", 0, d.offset) + 1
        assert d.start.column == d.offset - line_start + 1
        for s in d.suggestions:
            for e in s.edits:
                assert 0 <= e.offset <= e.offset + e.length <= len(text)


@SETTINGS
@given(TEXT, st.one_of(st.none(), TEXT), st.sampled_from([None, "en", "id"]))
def test_lint_never_crashes_and_spans_are_inside(text, context, lang):
    try:
        diags = replylint.lint(text, context=context, lang=lang)
    except replylint.LanguageNotLinted:
        return
    check_positions(text, diags)


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_jsonl_positions_point_into_the_file(texts):
    raw = "\n".join(json.dumps({"id": str(i), "text": t, "lang": "en"}, ensure_ascii=i % 2 == 0) for i, t in enumerate(texts)) + "\n"
    diags, _notes = lint_source(Source("b.jsonl", raw), options=ReadOptions())
    check_positions(raw, diags)
    for d in diags:
        if not d.document_level and "\\" not in raw[d.offset:d.offset + d.length]:
            assert raw[d.offset:d.offset + d.length] == d.matched


@SETTINGS
@given(TEXT, st.one_of(st.none(), TEXT), st.booleans())
def test_fixes_are_idempotent(text, context, unsafe):
    try:
        once = replylint.fix(text, context=context, lang="en", unsafe=unsafe)
    except replylint.LanguageNotLinted:
        return
    twice = replylint.fix(once.text, context=context, lang="en", unsafe=unsafe)
    assert twice.text == once.text


@SETTINGS
@given(TEXT, st.booleans())
def test_one_fix_pass_changes_only_its_spans(text, unsafe):
    from replylint.fixer import apply_suggestions, fixable

    diags = replylint.lint(text, lang="en")
    chosen = [(d, s) for d in diags if (s := fixable(d, unsafe)) is not None]
    fixed, applied = apply_suggestions(text, chosen)
    edits = sorted((e for d in applied for s in [fixable(d, unsafe)] for e in s.edits), key=lambda e: e.offset)
    # Rebuild the output from the untouched stretches and the replacements: it must equal the fixer's.
    out, pos = [], 0
    for e in edits:
        assert e.offset >= pos  # no overlaps
        out.append(text[pos:e.offset])
        out.append(e.replacement.replace("\n", "\r\n") if "\r\n" in text and "\r\n" not in e.replacement else e.replacement)
        pos = e.end
    out.append(text[pos:])
    assert "".join(out) == fixed


PLACEHOLDERS = st.sampled_from(["{{ticket.requester.first_name}}", "{%customer.firstName,fallback=there%}", "[ADD NAME HERE]",
                                "<ISSUE_NUMBER>", "KEY_WORD_CUSTOMER_NAME", "{NAME}"])


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), PLACEHOLDERS), max_size=15).map(" ".join))
def test_fixes_keep_placeholders_byte_identical(text):
    from replylint.templates import find_placeholders

    before = sorted(text[s:e] for s, e, _ in find_placeholders(text))
    after_text = replylint.fix(text, lang="en", unsafe=True).text
    after = sorted(after_text[s:e] for s, e, _ in find_placeholders(after_text))
    assert after == before


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=3), st.sampled_from(["html", "md", "eml", "json", "yaml"]))
def test_structured_formats_never_crash(parts, fmt):
    import yaml as pyyaml

    body = "\n\n".join(parts)
    if fmt == "html":
        raw = "<html><body>" + "".join(f"<p>{p}</p>" for p in parts) + "</body></html>"
    elif fmt == "md":
        raw = "\n\n".join(f"## Macro {i}\n\n{p}" for i, p in enumerate(parts))
    elif fmt == "eml":
        raw = f"From: a@b.co\nTo: c@d.co\nSubject: Re: hi\nContent-Type: text/plain; charset=utf-8\n\n{body}\n\nOn Mon, 1 Jan 2024, Ana wrote:\n> late!!\n"
    elif fmt == "json":
        raw = json.dumps({"macros": [{"id": i, "title": f"m{i}", "actions": [{"field": "comment_value", "value": p}]} for i, p in enumerate(parts)]})
    else:
        raw = pyyaml.safe_dump({"macros": [{"id": i, "title": f"m{i}", "actions": [{"field": "comment_value", "value": p}]} for i, p in enumerate(parts)]}, allow_unicode=True)
    diags, _notes = lint_source(Source(f"m.{fmt}", raw), options=ReadOptions())
    check_positions(raw, diags)
