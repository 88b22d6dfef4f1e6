"""HTML bodies and e-mail files: visible text only, positions into the original file."""
from __future__ import annotations

from replylint.document import Source
from replylint.readers import ReadOptions
from replylint.readers.eml import read as read_eml
from replylint.readers.htmltext import extract

from macro_helpers import FIXTURES, assert_spans_exact, findings, where


def test_visible_text_and_position_in_html():
    raw, diags = findings("reply.html")
    # <title> is not visible; the blockquote is history; the disabled line is suppressed
    assert where(diags) == [(4, 37, "RL0301", None)]
    d = diags[0]
    assert raw[d.offset:d.offset + d.length] == "Please <b>calm</b> down"
    assert d.suggestions[0].applicability.value == "display-only"  # the fix would delete the <b> tags


def test_entities_are_decoded_but_not_exact():
    ex = extract("<p>Tom &amp; Jerry &#8217;s</p>")
    assert ex.text.startswith("Tom & Jerry \u2019s")
    amp = ex.text.index("&")
    seg = [s for s in ex.segments if s.view_start == amp][0]
    assert not seg.exact and seg.source_length == len("&amp;")


def test_fill_in_pseudo_tags_stay_text():
    ex = extract("<p>See #<ISSUE_NUMBER> and <PROJECT NAME>.</p>")
    assert "#<ISSUE_NUMBER>" in ex.text and "<PROJECT NAME>" in ex.text


def test_quoted_history_becomes_context():
    raw = (FIXTURES / "reply.html").read_text()
    from replylint.readers.html import read

    (view,) = read(Source("reply.html", raw), ReadOptions())
    assert view.context == "Customer wrote: calm down yourself!"


def test_eml_new_part_linted_history_is_context():
    raw, diags = findings("reply.eml")
    assert where(diags) == [(8, 1, "RL0301", "Re: Where is my order?")]  # the quoted "Calm down" is not flagged
    assert_spans_exact(raw, diags)
    (view,) = read_eml(Source("reply.eml", raw), ReadOptions())
    from replylint import prose

    prose.analyse(view)
    assert "Where is my order?" in view.context


def test_eml_quoted_printable_maps_into_the_encoded_body():
    raw, diags = findings("qp.eml")
    assert where(diags) == [(8, 10, "RL0301", "Update")]
    assert raw[diags[0].offset:diags[0].offset + diags[0].length] == "please calm down"
    (view,) = read_eml(Source("qp.eml", raw), ReadOptions())
    assert view.text.startswith("Caf\u00e9 is closed.")
    assert not view.source_map.is_exact(0, 4)  # "Café": =C3=A9 is an escape


def test_eml_template_checks_are_off():
    _raw, diags = findings("x.eml", text="Subject: Hi\n\nHi {{first_name}},\nthanks {{ oops\n")
    assert [d for d in diags if d.code.startswith("TPL")] == []
