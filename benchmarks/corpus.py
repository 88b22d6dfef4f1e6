"""A generated corpus of realistic support replies (deterministic, seeded).

Used by the benchmarks: replies of about 150 words built from a bank of
greetings, acknowledgements, explanations, next steps and sign-offs, with a
seeded share of replies carrying one of the phrases replylint exists to catch.
"""
from __future__ import annotations

import random
from pathlib import Path

GREETINGS = ["Hi {name},", "Hello {name},", "Dear {name},", "Hi there,", "Hey {name},", "Hi {{ticket.requester.first_name}},"]
NAMES = ["Maria", "Tom", "Priya", "Lee", "Ana", "Jo", "Sam", "Alex", "Budi", "Chen"]
OPENERS = [
    "Thanks for getting in touch about your order.",
    "Thank you for your patience while we looked into this.",
    "I'm sorry your order hasn't arrived yet.",
    "I can see how frustrating it is to wait longer than promised.",
    "I understand how disruptive this has been for you.",
    "Thanks for letting us know about the problem with your account.",
    "I'm so sorry for the trouble with your last delivery.",
]
BODY = [
    "I've checked your account and the payment went through on Monday, so the charge you saw is the pre-authorisation.",
    "Our warehouse shows the parcel left on Tuesday with tracking number 1Z999AA10123456784.",
    "The app update released this morning fixes the sign-in loop that several customers reported.",
    "Your subscription renews on the first of each month, and you can change the plan at any time from Settings.",
    "The replacement unit is the same model, and it comes with a fresh two-year warranty.",
    "You can find the full size guide on the product page under Size and Fit.",
    "The refund goes back to the card you paid with, and banks usually show it within three to five business days.",
    "I've looked at the photos you sent, and the damage is clearly from transit.",
    "Our FAQ page and the PDF guide both cover the setup steps in more detail.",
    "The technician will bring the spare part, so there is nothing you need to prepare.",
    "I've added a note to your account so the next agent can see the whole history at a glance.",
    "If the parcel turns up in the meantime, you're welcome to keep it.",
]
NEXT_STEPS = [
    "I've issued a full refund to your card today.",
    "I'll email you with an update by Friday.",
    "Could you reply with your order number so I can look into it right away?",
    "If you'd rather not wait, I can send a replacement today - just let me know which you prefer.",
    "I'll keep your ticket open until you confirm everything works.",
    "I've booked a technician for Monday between 9am and noon; reply here if that doesn't suit you.",
]
BAD = [
    "Please calm down.",
    "Unfortunately the courier lost your parcel, so that's not our fault.",
    "This is all I can do.",
    "As I already said in my last email, the refund takes 10 days.",
    "PLEASE READ THE INSTRUCTIONS BEFORE CONTACTING US!!",
    "You misunderstood our return policy.",
    "I'm sorry if you feel that our service was poor.",
    "That's not my department.",
    "I don't have time for this.",
    "I promise this will never happen again.",
]
SIGNOFFS = ["Best,\n{agent}", "Kind regards,\n{agent}", "Thanks,\n{agent}", "Cheers,\n{agent}\nCustomer Care"]


def reply(rng: random.Random, bad_share: float = 0.1, words: int = 150) -> str:
    parts = [rng.choice(GREETINGS).replace("{name}", rng.choice(NAMES)), ""]
    body = [rng.choice(OPENERS)]
    while sum(len(s.split()) for s in body) < words - 30:
        body.append(rng.choice(BODY))
    if rng.random() < bad_share:
        body.insert(rng.randrange(1, len(body) + 1), rng.choice(BAD))
    body.append(rng.choice(NEXT_STEPS))
    parts.append(" ".join(body))
    parts += ["", rng.choice(SIGNOFFS).replace("{agent}", rng.choice(NAMES))]
    return "\n".join(parts) + "\n"


def generate(n: int, seed: int = 7, words: int = 150) -> list[str]:
    rng = random.Random(seed)
    return [reply(rng, words=words) for _ in range(n)]


def write(folder: Path, n: int, seed: int = 7, words: int = 150) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(generate(n, seed, words)):
        p = folder / f"reply-{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
