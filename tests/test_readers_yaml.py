"""YAML macro files: plain, quoted and block scalars mapped to exact file positions."""
from __future__ import annotations

import pytest

from replylint.readers.yamlmap import compose_with_scalars

from macro_helpers import assert_spans_exact, findings, where


def test_every_scalar_style_points_at_the_words():
    raw, diags = findings("zendesk_macros.yaml")
    assert where(diags) == [
        (7, 11, "RL0301", "Plain scalar"),  # second line of a multi-line plain scalar
        (11, 46, "RL0301", "Double quoted"),  # after \n and \" escapes
        (15, 32, "RL0301", "Single quoted"),  # after a doubled ''
        (21, 14, "TPL005", "Literal block"),  # fill-in left in a macro with status: ready
        (23, 11, "RL0301", "Literal block"),
        (29, 15, "RL0301", "Folded block"),
    ]
    assert_spans_exact(raw, diags)


SAMPLE = """a: plain words
  folded on two lines
b: "esc \\u00e9 \\"q\\" tab\\tend"
c: 'it''s'
d: |-
  one
    indented
  three
e: >
  folded
  text

  para
f: |+
  kept

g: >
  more
    indented
"""


@pytest.mark.parametrize("key", list("abcdefg"))
def test_decoded_text_matches_pyyaml_and_exact_segments_copy_the_file(key):
    import yaml

    value, scalars = compose_with_scalars(SAMPLE)
    expected = yaml.safe_load(SAMPLE)[key]
    sc = scalars[(key,)]
    assert sc.text == expected == value[key]
    for seg in sc.source_map.segments:
        if seg.exact:
            assert SAMPLE[seg.source_start:seg.source_start + seg.view_length] == sc.text[seg.view_start:seg.view_start + seg.view_length]


def test_unusual_scalars_map_conservatively():
    _value, scalars = compose_with_scalars(SAMPLE)
    for key in ("f", "g"):  # keep-chomping and more-indented folded lines
        sc = scalars[(key,)]
        assert not sc.exact
        assert not sc.source_map.is_exact(0, 1)


def test_config_files_are_not_macros():
    _raw, diags = findings(".pre-commit-config.yaml", text="title: x\ncontent: Please calm down\n", macro_fields=["*"])
    assert diags == []


def test_yaml_booleans_stay_strings_in_paths():
    value, scalars = compose_with_scalars("no: Please calm down\n")
    assert value == {"no": "Please calm down"} and ("no",) in scalars
