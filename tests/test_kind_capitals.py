"""The capitals and punctuation kinds: exact spans and exact fixed text on real-looking replies."""
from __future__ import annotations

import pytest

from replylint.api import lint
from replylint.config import Config
from replylint.kinds.capitals import looks_like_code, sentence_case

CFG = Config(select=["shouting"])


def spans(text: str, code: str | None = None) -> list[str]:
    return [d.matched for d in lint(text, lang="en", config=CFG) if code is None or d.code == code]


def fixed(text: str) -> str:
    out = text
    edits = sorted((e for d in lint(text, lang="en", config=CFG) for e in d.suggestions[0].edits),
                   key=lambda e: e.offset, reverse=True)
    for e in edits:
        out = out[:e.offset] + e.replacement + out[e.offset + e.length:]
    return out


@pytest.mark.parametrize("text,expected", [
    ("PLEASE READ THE INSTRUCTIONS BEFORE CONTACTING US. Thanks.", ["PLEASE READ THE INSTRUCTIONS BEFORE CONTACTING US"]),
    ("You do NOT need to send it back.", ["NOT"]),
    ("I CANNOT STRESS THIS ENOUGH, the FAQ explains it.", ["CANNOT STRESS THIS ENOUGH"]),
    ("Hi Sam,\nDO NOT REPLY TO THIS EMAIL\nThanks", ["DO NOT REPLY TO THIS EMAIL"]),
    ("WE DEMAND A RE-TASTE!", ["WE DEMAND A RE-TASTE"]),
    ("Hi Sam,\nPLEASE READ THIS\nThe refund is sent.", ["PLEASE READ THIS"]),
    ("Do NOT reply with STOP.", ["NOT"]),
])
def test_shouted_runs(text, expected):
    assert spans(text, "RL0801") == expected


@pytest.mark.parametrize("text", [
    "Flight DL 1262 is from LAS to JFK; LAS JFK is the route code.",
    "Could you share your system specs (OS, CPU, RAM, GPU)?",
    "Please send your date of birth in format DD/MM/YYYY.",
    "Go to Contact form > Logging in > I STILL NEED HELP.",
    "Go to Contact form &gt; Logging in &gt; I STILL NEED HELP.",
    "Tap 'CONTINUE SHOPPING' to go back.",
    "Thanks,\n\nHERE DETAILED EXPLANATION FOLLOWS\n",
    "[POSSIBLE ADDITION: we periodically reassess our offerings.]",
    "Your order #AB12CD ships with UPS today.",
    "Try #VTUPDATE for news, or your PS4 settings.",
    "We want the best service for you at ALL times!",
    "Reported as CVE_ID with SEVERITY SEVERITY_LEVEL.",
    "Hi {{ticket.requester.first_name}}, your HTTP API key is ready.",
    "Reply STOP to opt out of text updates.",
    "Text YES or NO to confirm the booking.",
    "ORDER STATUS\nYour parcel left the warehouse today.",
    "## NEXT STEPS:\n1. Restart the router.",
])
def test_not_shouting(text):
    assert spans(text, "RL0801") == []


def test_fix_keeps_acronyms_and_lowercases_words():
    assert fixed("YOUR REFUND WAS SENT TO THE IBAN ON FILE yesterday.") == "Your refund was sent to the IBAN on file yesterday."
    assert fixed("Thanks. PLEASE CONTACT US VIA DM. Bye") == "Thanks. Please contact us via DM. Bye"
    assert fixed("You do NOT need to.") == "You do not need to."


def test_sentence_case_helper():
    assert sentence_case("CONTACT THE DHL DEPOT", {"DHL"}) == "contact the DHL depot"
    assert sentence_case("I'M SURE I SENT IT", set()) == "I'm sure I sent it"
    assert looks_like_code("JFK") and looks_like_code("YYYY") and looks_like_code("HTTP")
    assert not looks_like_code("THE") and not looks_like_code("PLEASE") and not looks_like_code("YOU")


@pytest.mark.parametrize("text,expected,result", [
    ("The reset button is on the back!!", ["!!"], "The reset button is on the back!"),
    ("Did you restart the device?! It usually helps.", ["?!"], "Did you restart the device? It usually helps."),
    ("Any news?? Let me know!!!", ["??", "!!!"], "Any news? Let me know!"),
    ("Why?!?! That is odd.", ["?!?!"], "Why? That is odd."),
])
def test_stacked_marks(text, expected, result):
    assert spans(text, "RL0802") == expected
    assert fixed(text) == result


@pytest.mark.parametrize("text", [
    "Have a great weekend!",
    "Is it working now? Great!",
    "Set `x = a ?? b` in the config.",
    "The expression (?!foo) is a lookahead.",
    "Call flag !!enabled in the script.",
    "Your code is ?? for now.",
])
def test_not_stacked(text):
    assert spans(text, "RL0802") == []
