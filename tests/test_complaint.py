"""The complaint gate for the document categories, and where their findings point.

The gate: the customer's message decides when there is one (a context field or
quoted e-mail history); without it the reply decides. The document rules point
at the first body sentence (apology, empathy) or the last one (next step) and
suggest a display-only sentence after the greeting or before the sign-off.
"""
from __future__ import annotations

import pytest

from replylint.api import get_ruleset, lint
from replylint.complaint import answers_complaint

SIGNALS = get_ruleset().languages["en"].signals
DOCS = ("missing-apology", "missing-empathy", "missing-next-step")


def doc_findings(text: str, context: str | None = None):
    return {d.category: d for d in lint(text, context=context, lang="en") if d.category in DOCS}


@pytest.mark.parametrize("context", [
    "My order was supposed to arrive last week and it still isn't here. This is unacceptable!",
    "You charged me twice for the same subscription. I'm furious, fix this now.",
    "The vase I ordered arrived smashed.",
    "Your download link doesn't work, I've tried three times.",
    "i cant log into my account and nobody answers my emails",
    "the driver didnt pick me up and I was still charged a fee",
    "Your agent hung up on me. I'm done with you people!",
    "You sent me a medium instead of a large.",
    "Where is my refund?? It's been a week.",
    "I've been waiting 3 weeks for a reply",
    "The app logs me out every five minutes. Sort it out.",
    "Why won't you accept my return? It's only been 20 days.",
    "The staff at the counter were so rude to me today",
    "It used to work fine before the update",
])
def test_complaint_contexts(context):
    assert SIGNALS.context_is_complaint(context)


@pytest.mark.parametrize("context", [
    "What are your opening hours?",
    "Did my order ship?",
    "Hi, can you tell me which sizes the blue jacket comes in?",
    "Just wanted to say your team was brilliant today.",
    "Thanks for fixing it so quickly!",
    "I can't wait for the new collection to launch!!",
    "How do I change the email address on my account?",
    "Is there a way to sort my playlists by date added?",
    "It's working again now, no problem at all.",
    "Do you ship to Canada? Just wondering.",
    "Thank you so much, the new app is amazing!!!",
    "Check out @brand, https://example.com/issues/broken-error",
])
def test_non_complaint_contexts(context):
    assert not SIGNALS.context_is_complaint(context)


@pytest.mark.parametrize("reply,expected", [
    ("I'm sorry your parcel is late. I've asked the courier to trace it.", True),
    ("Your replacement for the damaged lamp ships today.", True),
    ("Our office is open Monday to Friday, 9am to 5pm.", False),
    ("If you have any issues or questions, just reply to this email.", False),
    ("To avoid delays, please include your order number when you write to us.", False),
    ("You can read our refund policy on the website.", False),
])
def test_reply_decides_without_context(reply, expected):
    assert answers_complaint(SIGNALS, None, reply) is expected
    assert answers_complaint(SIGNALS, "  ", reply) is expected


def test_non_complaint_context_gets_no_document_findings():
    # The reply mentions a problem word, but the customer only asked a question.
    assert doc_findings("Our store opens at 9am, so there's no delay on pickups.", "What are your opening hours?") == {}


def test_complaint_context_overrides_a_plain_reply():
    found = doc_findings("Our store opens at 9am.", "Your shop was closed when the website said open. Useless!")
    assert set(found) == set(DOCS)


def test_quoted_email_history_is_the_context():
    text = ("Hello,\n\nYour parcel was handed to the courier this morning.\n\n"
            "On Mon, 3 Jun 2024 at 10:00, Ana <ana@example.com> wrote:\n"
            "> My order never arrived and nobody answers the phone. This is ridiculous.\n")
    found = doc_findings(text)
    assert "missing-apology" in found and "missing-empathy" in found
    plain = ("Hello,\n\nOur store opens at 9am.\n\n"
             "On Mon, 3 Jun 2024 at 10:00, Ana <ana@example.com> wrote:\n"
             "> What are your opening hours?\n")
    assert doc_findings(plain) == {}


def test_apology_points_at_first_body_sentence_and_inserts_after_greeting():
    text = "Hi Maria,\n\nYour refund has been processed.\n\nBest,\nSam"
    d = doc_findings(text, "You charged me twice. Fix this now.")["missing-apology"]
    assert (d.offset, d.length) == (11, len("Your refund has been processed."))
    (edit,) = d.suggestions[0].edits
    assert (edit.offset, edit.length, edit.replacement) == (11, 0, "I'm sorry for the trouble with your payment. ")
    assert d.suggestions[0].applicability.value == "display-only"


def test_empathy_inserts_tailored_sentence():
    text = "Hi Maria,\n\nI'm sorry about the delay. Your parcel ships today.\n\nBest,\nSam"
    d = doc_findings(text, "My order is a week late.")["missing-empathy"]
    assert (d.offset, d.length) == (11, len("I'm sorry about the delay."))
    (edit,) = d.suggestions[0].edits
    assert (edit.offset, edit.length, edit.replacement) == (11, 0, "I understand how frustrating it is to keep waiting. ")


def test_inline_greeting_is_not_the_first_sentence():
    text = "Hi Sam, your refund has been processed."
    d = doc_findings(text, "You charged me twice!! Fix this.")["missing-apology"]
    assert text[d.offset:d.offset + d.length] == "your refund has been processed."
    (edit,) = d.suggestions[0].edits
    # The sentence goes after "Hi Sam, " and the next word is capitalised.
    assert (edit.offset, edit.length, edit.replacement) == (8, 1, "I'm sorry for the trouble with your payment. Y")


def test_next_step_points_at_last_body_sentence_and_inserts_before_signoff():
    text = "Hi Sam,\n\nI'm sorry, I know waiting is annoying. The refund takes 10 days.\n\nBest,\nJo"
    found = doc_findings(text, "Where is my refund?? It's been a week.")
    assert set(found) == {"missing-next-step"}
    d = found["missing-next-step"]
    last = "The refund takes 10 days."
    assert (d.offset, d.length) == (text.index(last), len(last))
    (edit,) = d.suggestions[0].edits
    end = text.index(last) + len(last)
    assert (edit.offset, edit.length) == (end, 0)
    assert edit.replacement == " I'll check the payment today and email you by tomorrow with what I've done."


def test_default_insert_when_nothing_specific():
    text = "Thanks for your message. We have a policy about this."
    d = doc_findings(text, "This is unacceptable, your service is awful.")["missing-apology"]
    assert d.offset == 0
    assert d.suggestions[0].edits[0].replacement == "I'm sorry for the trouble this has caused. "


@pytest.mark.parametrize("reply,missing", [
    # Non-apologies do not satisfy missing-apology; a real apology does.
    ("I'm sorry if you feel that our service was poor. I'll pass your feedback to the team.", {"missing-apology", "missing-empathy"}),
    ("I'm sorry, but there is nothing I can do about the delivery date.", set(DOCS)),
    ("I'm sorry you had a bad experience; I've refunded the order.", {"missing-empathy"}),
    # A bare apology for the event is not empathy; naming the feeling is.
    ("I'm sorry about the delay. Deliveries are taking longer this month.", {"missing-empathy", "missing-next-step"}),
    ("I'm sorry, I know it's frustrating. I've asked the warehouse to send it today.", set()),
    # Information is not a next step; a commitment, an option or a request is.
    ("I'm sorry, I understand. The tracking shows it should arrive tomorrow.", {"missing-next-step"}),
    ("I'm sorry, I understand. What's the order number? I'll look it up.", set()),
    ("I'm sorry, I understand. I can offer store credit if you'd like.", set()),
    ("I'm sorry, I understand. Please DM us so we can look into this.", set()),
    ("I'm sorry, I understand. Please read the terms before contacting us.", {"missing-next-step"}),
])
def test_document_verdicts(reply, missing):
    assert set(doc_findings(reply, "My order is late again and nobody replies. Unacceptable.")) == missing


@pytest.mark.parametrize("context", [
    "The sofa was delivered soaking wet and the cushions are stained.",
    "Your manager accused me of lying in front of my kids.",
    "The plumber was meant to come this morning. I stayed home for nothing.",
    "We've been without heating since Sunday.",
    "Our recycling was missed again this week.",
    "I queued for 45 minutes on the phone and then got cut off.",
    "The app still says my booking is pending.",
    "You took the money twice from my card.",
    "Emailed support 4 days ago. Nothing.",
])
def test_more_complaint_contexts(context):
    assert SIGNALS.context_is_complaint(context)


@pytest.mark.parametrize("context", [
    "Please cancel my membership, I don't use it anymore.",
    "How do I swap a pair of shoes that don't fit?",
    "What are you doing to reduce plastic in the packaging?",
])
def test_more_non_complaint_contexts(context):
    assert not SIGNALS.context_is_complaint(context)


@pytest.mark.parametrize("context,is_request", [
    ("Could you move my delivery to Saturday?", True),
    ("Please cancel my membership, I don't use it anymore.", True),
    ("Can I change my seat to an aisle one?", True),
    ("I'd like to upgrade my plan.", True),
    ("Please add dark mode to the app!", True),
    ("What are your opening hours?", False),
    ("Hi, can you tell me which sizes the blue jacket comes in?", False),
    ("Did my order ship?", False),
    ("How can I change my email address?", False),
])
def test_request_contexts(context, is_request):
    assert not SIGNALS.context_is_complaint(context)
    assert SIGNALS.context_is_request(context) is is_request


def test_request_gates_only_the_next_step():
    # A request is not a complaint: no apology or empathy is owed, but it needs an answer that moves it on.
    assert answers_complaint(SIGNALS, "Could you move my delivery to Saturday?", "x") == "request"
    assert set(doc_findings("We can't do that.", "Could you move my delivery to Saturday?")) == {"missing-next-step"}
    assert doc_findings("Done - I've moved it to Saturday morning.", "Could you move my delivery to Saturday?") == {}
    assert doc_findings("Our store opens at 9am on weekdays.", "What time do you open?") == {}


@pytest.mark.parametrize("reply,missing", [
    # Status and typical timelines are not steps; an action or a dated commitment is.
    ("I'm sorry, I understand. Your parcel is on its way.", {"missing-next-step"}),
    ("I'm sorry, I understand. Your replacement is on its way.", set()),
    ("I'm sorry, I understand. A new one will be sent tomorrow.", set()),
    ("I'm sorry, I understand. I've moved you to the earlier slot.", set()),
    ("I'm sorry, I understand. I've replied to your email with the details.", set()),
    ("I'm sorry, I understand. Our billing team will call you this afternoon.", set()),
    # Threats, hand-offs without ownership and rhetorical questions are not steps.
    ("I'm sorry, I understand. If this continues we will close your account.", {"missing-next-step"}),
    ("I'm sorry, I understand. Please try the courier's website.", {"missing-next-step"}),
    ("I'm sorry, I understand. Please contact the courier, here's how to reach them.", set()),
    ("I'm sorry, I understand. Seriously?", {"missing-next-step"}),
    # Non-apologies aimed at the customer's reaction; "however" takes an apology back.
    ("We regret that you found our answer unhelpful. I understand. I've reopened the case.", {"missing-apology"}),
    ("I apologise for any upset you may have felt. I understand. I've reopened the case.", {"missing-apology"}),
    ("I'm sorry, however that's our policy. I understand. I've reopened the case.", {"missing-apology"}),
    # Company-voice sympathy is neither apology nor empathy; validating what they went through is empathy.
    ("That's not the experience we want for you. I've reopened the case.", {"missing-apology", "missing-empathy"}),
    ("I'm sorry - a week of delays is miserable. I've reopened the case.", set()),
])
def test_more_document_verdicts(reply, missing):
    assert set(doc_findings(reply, "My order is late again and nobody replies. Unacceptable.")) == missing
