"""Kind `capitals`: shouting in ALL CAPS, with an acronym allowlist.

Fires on a run of `min_words` or more all-capital words (each at least two
letters, not an acronym, not a code with digits), or on a single all-capital
word from `emphasis` ("NOT", "NEVER") used for emphasis. Acronyms come from the
rule's `acronyms`, the language lexicon and the user's config.

Real replies are full of capitals that are not a raised voice, so a word also
counts as a code rather than a shout when it looks like one:

- a short word (two or three letters) that is not an everyday word: airport and
  product codes, unit and spec lists ("LAS JFK", "OS, CPU, RAM, GPU");
- a word without vowels ("HTTP", "NSFW") or of one repeated letter ("DD/MM/YYYY");
- a hashtag or handle ("#VTUPDATE"), or a word glued to digits ("PS4").

And a whole run is left alone when it is a label rather than a sentence:

- a fill-in or editor's note opening a bracket ("[POSSIBLE ADDITION: ...]");
- a UI path step ("Settings > I STILL NEED HELP") or a 'quoted' button label;
- a heading: the run is the whole line (bullets, markdown and a trailing colon
  aside), ends without sentence punctuation and holds no word that addresses or
  orders the reader (YOU, PLEASE, NOT, MUST...). "ORDER STATUS" on its own line
  is a heading; "PLEASE READ THIS" on its own line is still shouting.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

import regex

from .. import rxcache
from ..document import TextView
from ..model import Applicability
from .base import BuildContext, LintState, Match, RuleError, SuggestionTemplate, string_list

KEYS = frozenset({"min_words", "acronyms", "emphasis"})

_WORD = rxcache.compile(
    r"(?<![\w'\-#@$])[\p{Lu}][\p{Lu}'\u2019\-]*[\p{Lu}](?![\w'\-])"
    r"|(?<![\w'\-#@$])[\p{Lu}](?![\w'\-])"
)
# Acronyms that are also everyday words; inside a shouted run they are the word.
_ALSO_WORDS = frozenset({"US", "IT", "AM", "PM", "AS", "IS", "IN", "ON", "OR", "AT", "TO", "DO", "NO", "SO", "ME", "WE", "OK", "APP"})
_GAP = rxcache.compile(r"^[\s,;:\-&/]*$")
# Everyday English words of two or three letters: written in capitals they
# shout; any other short capitalised word is taken for a code (JFK, GPU, LAS).
_SHORT_WORDS = frozenset("""
AM AN AS AT BE BY DO GO HE HI IF IN IS IT ME MY NO OF OH ON OR SO TO UP US WE YA
ACT ADD AGO AID AIM ALL AND ANY ARE ASK ATE BAD BAG BED BIG BIT BOX BOY BUT BUY CAN CAR CUT DAY DID DIE DOG
DUE EAT END EYE FAR FEW FIX FLY FOR FUN GET GOD GOT GUY HAD HAS HAT HER HEY HIM HIS HIT HOT HOW ITS JOB KEY
LAW LET LIE LOT LOW MAD MAN MAP MAX MAY MEN MIX NAH NEW NOR NOT NOW ODD OFF OLD ONE OUR OUT OWE OWN PAY PUT
RAN RED RUN SAD SAT SAW SAY SEE SET SHE SIR SIT SIX SON SUE TAX TEN THE TIP TOO TOP TRY TWO USE WAS WAY WHO
WHY WIN WON YES YET YOU WOW OMG LOL WTF OKAY VIA PER ETC AGE AIR ART ATE AWAY BUS CUP EGG ERA FAN FEE FIT GAP
GAS HOW ILL INK JOY KID LAB LAP LEG MOM DAD NET NOD OIL PEN PET PIN POT RAW ROW SEA SHY SKY SUN TEA TOY VAN
WAR WET WIT ZIP YAY HUH AHA UGH ANY BYE
""".split())
# Words that make an all-caps line an order or an address, not a heading.
_ADDRESSING = frozenset({"YOU", "YOUR", "YOU'RE", "YOURSELF", "PLEASE", "NOT", "DON'T", "DO", "MUST", "NEVER",
                         "STOP", "NOW", "CAN'T", "CANNOT", "WON'T", "READ", "ALWAYS", "NO"})
_VOWELS = frozenset("AEIOUY\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u00d2\u00d3\u00d4\u00d5\u00d6\u00d9\u00da\u00db\u00dc")
_LINE_LEAD = rxcache.compile(r"^[ \t]*(?:[#>*_\-\u2022\u2013\u2014=~]+[ \t]*|\d{1,2}[.)][ \t]*)*(?:[IA][ \t]+)?$")
_LEAD_PRONOUN = rxcache.compile(r"(?<=[\s>\[<{'\u2018])[IA][ \t]+$")
# A word the customer is asked to type, say or press is a keyword, not a shout.
_KEYWORD_BEFORE = rxcache.compile(r"\b(?:reply|replying|text|texting|type|typing|send|sending|enter|say|press|click|tap|select|choose|write|respond|key in|dial)(?: with| back)?(?: the word)?[ \t]+[\"'\u2018\u201c]?$", regex.IGNORECASE)
_KEYWORD_AFTER = rxcache.compile(r"[\"'\u2019\u201d]?[ \t]+(?:to|or)[ \t]+(?:opt|unsubscribe|confirm|cancel|stop|continue|end|start|subscribe|YES|NO|STOP|HELP)\b")
_LINE_TAIL = rxcache.compile(r"^[ \t*_:\-=~]*$")


def looks_like_code(word: str) -> bool:
    """A capitalised token that is a code or an unknown acronym, not a shouted word."""
    bare = word.replace("'", "").replace("\u2019", "").replace("-", "")
    if not bare:
        return True
    if len(set(bare)) == 1 and len(bare) >= 2:  # DD, MM, YYYY, XXX
        return True
    if not any(c in _VOWELS for c in bare):  # HTTP, JFK, NSFW
        return True
    if len(bare) <= 3 and bare not in _SHORT_WORDS and "'" not in word and "\u2019" not in word:
        return True
    return False


def _is_label(text: str, start: int, end: int, words: list[str]) -> bool:
    """The run is a fill-in, a UI label, a keyword to type or a heading, not a sentence."""
    if _KEYWORD_BEFORE.search(text, max(0, start - 40), start) or _KEYWORD_AFTER.match(text, end):
        return True  # Reply STOP to opt out; text YES or NO; press OK
    before = _LEAD_PRONOUN.sub("", text[max(0, start - 16):start]).rstrip(" \t")
    after = text[end:end + 3].lstrip(" \t")
    if before.endswith(("[", "<", "{")):
        return True  # [POSSIBLE ADDITION: ...], <NOTE TO SELF>
    if before.endswith((">", "\u2192", "\u00bb")) or after.startswith((">", "\u2192", "\u00bb")):
        return True  # Settings > Account > I STILL NEED HELP
    if (before.endswith(("'", "\u2018")) and after.startswith(("'", "\u2019"))):
        return True  # tap 'CONTINUE SHOPPING'
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if _LINE_LEAD.match(text[line_start:start]) and _LINE_TAIL.match(text[end:line_end]):
        if not any(w.replace("\u2019", "'") in _ADDRESSING for w in words):
            return True  # a heading on its own line: ORDER STATUS, HERE DETAILED EXPLANATION FOLLOWS
    return False


def build(spec: Mapping[str, Any], ctx: BuildContext):
    min_words = spec.get("min_words", 2)
    if not isinstance(min_words, int) or min_words < 1:
        raise RuleError("'min_words' must be a positive whole number", "min_words")
    acronyms = {a.upper() for a in string_list(spec, "acronyms")} | {a.upper() for a in ctx.lexicon.get("acronyms", [])}
    emphasis = {w.upper() for w in string_list(spec, "emphasis")}
    applicability = Applicability.SAFE

    def find(view: TextView, state: LintState) -> Iterator[Match]:
        text = view.masked
        allowed = acronyms | state.extra.get("acronyms", frozenset())
        run: list[tuple["regex.Match[str]", bool]] = []  # (word, shouty on its own)

        def flush() -> Iterator[Match]:
            while run and not run[-1][1]:
                run.pop()  # an acronym may continue a shouted run but never ends one
            words = [m for m, own in run if own]
            letters = sum(sum(c.isalpha() for c in m.group()) for m in words)
            single = len(run) == 1 and run[0][0].group().replace("\u2019", "'") in emphasis
            if (len(words) >= min_words and letters >= 5) or single:
                start, end = run[0][0].start(), run[-1][0].end()
                if not _is_label(text, start, end, [m.group() for m, _ in run]):
                    fixed = sentence_case(view.text[start:end], allowed)
                    yield Match(start, end, suggestions=(SuggestionTemplate("Use sentence case", fixed, applicability),))
            run.clear()

        for m in _WORD.finditer(text):
            word = m.group()
            plain = word.replace("\u2019", "'")
            acronym = plain in allowed or plain.replace("'", "") in allowed or word in ("I", "A")
            if acronym and run and word in _ALSO_WORDS:
                acronym = False  # "CONTACTING US": inside a shout, US is the word "us"
            elif not acronym and plain not in emphasis and looks_like_code(word):
                acronym = True
            shouty = len(word) >= 2 and not acronym
            if run and not _GAP.match(text[run[-1][0].end():m.start()]):
                yield from flush()
            if shouty or (acronym and run):
                run.append((m, shouty))
            else:
                yield from flush()
        yield from flush()

    return find, None


def sentence_case(text: str, acronyms: frozenset[str] | set[str]) -> str:
    """Lower-case every word of `text` except acronyms, codes and the pronoun I."""
    def low(m: "regex.Match[str]") -> str:
        w = m.group()
        if w == "I":
            return w
        if w.startswith(("I'", "I\u2019")):
            return w[:2] + w[2:].lower()  # I'M -> I'm
        if w in _ALSO_WORDS and w != "OK":
            return w.lower()  # inside a shout, US is the word "us"
        if w in acronyms or (w.isupper() and looks_like_code(w)):
            return w
        return w.lower()

    return regex.sub(r"[\p{L}'\u2019]+", low, text)
