"""Markdown: masking of non-prose, one macro per heading, comment directives."""
from __future__ import annotations

from replylint.document import Source
from replylint.readers import ReadOptions
from replylint.readers.markdown import looks_like_prose, read

from macro_helpers import assert_spans_exact, findings, where


def _views(text: str):
    return read(Source("x.md", text), ReadOptions())


def test_macro_per_heading_with_exact_positions():
    raw, diags = findings("macros.md")
    assert where(diags) == [
        (15, 22, "RL0301", "Refund on its way"),
        (20, 60, "RL0301", "Duplicate issue"),  # a reply kept in a plain fence is prose
    ]
    assert_spans_exact(raw, diags)


def test_front_matter_code_links_and_docs_are_not_linted():
    _raw, diags = findings("macros.md")
    lines = {d.start.line for d in diags}
    assert 2 not in lines  # front matter
    assert 8 not in lines  # the page's own documentation under the H1
    assert 24 not in lines  # a python fence
    assert all("example.com" not in d.matched for d in diags)  # link target


def test_disable_comment_lasts_to_the_end_of_the_file():
    _raw, diags = findings("macros.md")
    assert not [d for d in diags if d.macro == "Suppressed"]


def test_disable_next_line_and_enable():
    text = ("# A\n\nPlease calm down.\n<!-- replylint-disable-next-line RL0301 -->\nPlease calm down.\n\n"
            "<!-- replylint-disable calm-down -->\nPlease calm down.\n<!-- replylint-enable -->\nPlease calm down.\n")
    _raw, diags = findings("x.md", text=text)
    assert [d.start.line for d in diags] == [3, 10]


def test_single_reply_keeps_heading_words_and_masks_markup():
    (view,) = _views("Hi Sam,\n\n## Next steps\n\nSee <b>this</b> and ![img](https://x.example/a.png).\n\n| a | b |\n|---|---|\n")
    assert view.macro is None
    kinds = {(view.text[r.start:r.end], r.kind) for r in view.regions}
    assert ("## ", "markup") in kinds and ("<b>", "markup") in kinds
    assert ("![img](https://x.example/a.png)", "url") in kinds
    assert ("| a | b |", "markup") in kinds


def test_one_heading_with_nothing_before_it_is_a_single_macro():
    (view,) = _views("# Refund delay\n\nSorry for the wait.\n")
    assert view.macro == "Refund delay"
    assert view.text == "\nSorry for the wait.\n"
    assert view.source_map.to_source(1) == len("# Refund delay\n\n")


def test_setext_and_separator_headings():
    views = _views("Replies\n=======\n\n---- NOT OURS\n\nThis add-on is not ours.\n\n---- DESIGN\n\nIt works as intended here.\n")
    assert [v.macro for v in views] == ["NOT OURS", "DESIGN"]


def test_ready_marker():
    views = _views("## A\n<!-- replylint-ready -->\nHi [NAME], done.\n\n## B\n\nHi [NAME], done.\n")
    assert [v.marked_ready for v in views] == [True, False]
    _raw, diags = findings("x.md", text="## A\n<!-- replylint-ready -->\nHi [NAME], done.\n\n## B\n\nHi [NAME], done.\n")
    assert where(diags) == [(3, 4, "TPL005", "A")]


def test_prose_or_code_blocks():
    assert looks_like_prose("Thanks for the report, we will look at it soon.\n")
    assert not looks_like_prose("bpy.context.object.data.validate(True)\n")
    assert not looks_like_prose("x = 1\nprint(x)\n")
