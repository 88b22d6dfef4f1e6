"""Compiling rule patterns: vocabulary macros, word boundaries, literal anchors.

Rule authors write ordinary regular expressions (the `regex` module's syntax)
plus `@name` macros from the language's vocabulary (`@you_are` for "you're /
you are / ur"). Every compiled pattern also gets a set of literal *anchors*:
lower-case strings of which at least one must occur in a text for the pattern
to possibly match. The engine skips a rule whose anchors are all absent,
which is where most of replylint's speed comes from.
"""
from __future__ import annotations

import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from typing import Iterable, Mapping

import regex

from . import rxcache
from .anchors import register as register_anchors

MACRO_RE = regex.compile(r"@([a-z][a-z0-9_]*)")
FLAGS = regex.IGNORECASE | regex.UNICODE
# Bounded matching: a user pattern that backtracks catastrophically raises
# TimeoutError after this many seconds per call instead of hanging.
MATCH_TIMEOUT = 0.25


class PatternError(ValueError):
    """A pattern that does not compile, with the reason."""


def expand_macros(pattern: str, vocabulary: Mapping[str, str], _depth: int = 0) -> str:
    if "@" not in pattern:
        return pattern
    if _depth > 8:
        raise PatternError(f"vocabulary macros nest too deeply in {pattern!r}")

    def sub(m: "regex.Match[str]") -> str:
        name = m.group(1)
        if name not in vocabulary:
            raise PatternError(f"unknown vocabulary macro @{name}")
        return "(?:" + expand_macros(vocabulary[name], vocabulary, _depth + 1) + ")"

    return MACRO_RE.sub(sub, pattern)


class CompiledPattern:
    """A rule pattern: its source text, literal anchors, and the regex compiled on first use.

    Compiling every pattern of every rule at start-up would dominate a one-file
    run, so a pattern seen before (validated, its anchors known: see `KNOWN`)
    is made only when a text containing one of its anchors reaches it, and then
    from its stored compiled form (`rxcache`). A pattern never seen before is
    compiled at once, so a bad regular expression is still an error when the
    ruleset loads.
    """

    __slots__ = ("source", "body", "flags", "anchors", "requires", "_regex")

    def __init__(self, source: str, body: str, flags: int, anchors: frozenset[str] | None,
                 compiled: "regex.Pattern[str] | None" = None, requires: tuple[tuple[str, ...], ...] = ()) -> None:
        self.source = source
        self.body = body
        self.flags = flags
        self.anchors = anchors
        # More literal sets every match holds one string of (besides `anchors`): a
        # range of text lacking every string of one of them cannot hold a match.
        self.requires = requires if anchors is not None else ()
        self._regex = compiled
        if anchors:
            register_anchors(anchors)

    @property
    def regex(self) -> "regex.Pattern[str]":
        if self._regex is None:
            self._regex = rxcache.compile(self.body, self.flags)
        return self._regex


# flags:body -> (anchors, requires), for patterns already validated (filled from the on-disk cache).
Literals = tuple["list[str] | None", "tuple[tuple[str, ...], ...]"]
KNOWN: dict[str, Literals] = {}
NEW: dict[str, Literals] = {}


def compile_pattern(pattern: str, vocabulary: Mapping[str, str], *, words: bool = True, case_sensitive: bool = False) -> CompiledPattern:
    """Compile one rule pattern; `words=True` adds word boundaries at both ends."""
    expanded = expand_macros(pattern, vocabulary)
    body = f"(?<![\\w'])(?:{expanded})(?![\\w])" if words else expanded
    flags = regex.UNICODE if case_sensitive else FLAGS
    key = f"{flags}:{body}"
    if key in KNOWN:
        anchors_list, requires = KNOWN[key]
        return CompiledPattern(pattern, body, flags, frozenset(anchors_list) if anchors_list is not None else None,
                               requires=requires)
    try:
        compiled = regex.compile(body, flags)
    except regex.error as exc:
        raise PatternError(f"bad regular expression {pattern!r}: {exc}") from None
    anchors, requires = (None, ()) if case_sensitive else literal_sets(expanded)
    NEW[key] = (sorted(anchors) if anchors is not None else None, requires)
    rxcache.remember(body, flags, compiled)
    return CompiledPattern(pattern, body, flags, anchors, compiled, requires)


def compile_all(patterns: Iterable[str], vocabulary: Mapping[str, str], **kw: bool) -> tuple[CompiledPattern, ...]:
    return tuple(compile_pattern(p, vocabulary, **kw) for p in patterns)


def union_anchors(patterns: Iterable[CompiledPattern]) -> frozenset[str] | None:
    """Anchors for a rule that fires when any of `patterns` matches."""
    out: set[str] = set()
    for p in patterns:
        if p.anchors is None:
            return None
        out |= p.anchors
    return frozenset(out)


# --- literal extraction -----------------------------------------------------

# What `\s` matches (the `regex` module: str.isspace() but for \x1c-\x1f), each turned into a space.
_SPACES = {c: " " for c in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)}
_ASCII_SPACES = bytes.maketrans(b"\t\n\x0b\x0c\r", b"     ")


def fold_spaces(lower: str) -> str:
    """`lower` with every character `\\s` matches turned into a space (same length)."""
    if lower.isascii():
        return lower.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    return lower.translate(_SPACES)

_MIN_ANCHOR = 3
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)


def required_literals(pattern: str) -> frozenset[str] | None:
    """A set of strings, one of which every match must contain (lower-cased), or None."""
    return literal_sets(pattern)[0]


_REQUIRES_MAX = 4  # extra literal sets kept per pattern
_REQUIRES_SIZE = 8  # ... each of at most this many strings (each costs a substring search)


def literal_sets(pattern: str) -> tuple[frozenset[str] | None, tuple[tuple[str, ...], ...]]:
    """The pattern's anchors (see `required_literals`) and a few more small sets of
    strings (lower-cased) one of which every match must also contain, rarest first.

    The extra sets are looked for in the text lower-cased with every whitespace
    character turned into a space (`fold_spaces`), so they may hold spaces for `\\s`."""
    try:
        parsed = sre_parse.parse(pattern, 0)
    except Exception:  # the `regex` dialect has syntax `re` lacks: just always run
        return None, ()
    items = list(parsed)
    usable = _candidates(items)
    if not usable:
        return None, ()
    best = max(usable, key=_score)
    extra: list[frozenset[str]] = []
    for c in sorted(_candidates(items, ws=True), key=_score, reverse=True):
        if (c != best and len(c) <= _REQUIRES_SIZE and c not in extra and len(extra) < _REQUIRES_MAX
                and all(x.isascii() for x in c)):  # str.lower() and the regex case-folding agree on ASCII
            extra.append(c)
    return best, tuple(tuple(sorted(c)) for c in extra)


# Words so common that an anchor made of them filters nothing: prefer any other.
COMMON = frozenset("""
the and you your you're yours to of is it it's that for we i this be have are with on please our can will not
sorry thank thanks hi hello if in a an my me what when would could should do does did there here us was were has
had they them let know just so but or at as from about any all also get got i'm i've i'll we're we've we'll don't
can't won't isn't no yes one out up now how why who which more some than then been being very really see make
yang dan di ke dari ini itu untuk dengan tidak tak ada akan sudah bisa saya anda kami kita kak ya aja juga atau
pada dalam karena kalau jika agar apa mau sih dong nya deh kok lagi jadi oleh sama
time need email customer customers reply order help team today issue problem account
""".split())


def _common(anchor: str) -> bool:
    core = anchor.strip(" '\u2019.,")
    return len(core) < 3 or core in COMMON or core.split(" ")[0] in COMMON and len(core.split(" ")) == 1


def _score(alts: frozenset[str]) -> tuple[int, int, int]:
    return (-sum(1 for a in alts if _common(a)), min(len(a) for a in alts), -len(alts))


_LIMIT = 48  # at most this many alternative strings in one anchor set
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}


def _product(left: set[str], right: set[str]) -> set[str] | None:
    if len(left) * len(right) > _LIMIT:
        return None
    return {a + b for a in left for b in right}


_SPACE = [(sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE)]  # \s


def _finite(op, av, ws: bool = False) -> set[str] | None:
    """The exact strings one regex item can match, if few ("ban|block" -> {ban, block}).

    `ws`: for a text whose whitespace is all turned into spaces (`\\s` -> " ")."""
    if op is sre_constants.LITERAL:
        return {chr(av)}
    if op is sre_constants.IN:
        if ws and av == _SPACE:
            return {" "}
        chars = [chr(a) for o, a in av if o is sre_constants.LITERAL]
        return set(chars) if len(chars) == len(av) and len(chars) <= 4 else None
    if op is sre_constants.SUBPATTERN:
        return _finite_sequence(list(av[-1]), ws)
    if op is sre_constants.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            f = _finite_sequence(list(branch), ws)
            if f is None:
                return None
            out |= f
        return out if len(out) <= _LIMIT else None
    if op in _REPEATS:
        lo, hi, body = av
        f = _finite_sequence(list(body), ws)
        if f is None:
            return None
        if lo == 0 and hi == 1:
            return f | {""}
        if lo == hi and lo <= 3:
            acc: set[str] | None = {""}
            for _ in range(lo):
                acc = _product(acc, f) if acc is not None else None
            return acc
        return None
    if op in _ZERO_WIDTH:
        return {""}
    return None


def _finite_sequence(items: list, ws: bool = False) -> set[str] | None:
    acc: set[str] | None = {""}
    for op, av in items:
        f = _finite(op, av, ws)
        if f is None or acc is None:
            return None
        acc = _product(acc, f)
    return acc


def _sequence(items: list, ws: bool = False) -> frozenset[str] | None:
    """The best set of strings one of which every match of this sequence contains."""
    usable = _candidates(items, ws)
    return max(usable, key=_score) if usable else None


def _candidates(items: list, ws: bool = False) -> list[frozenset[str]]:
    """Sets of strings (each at least _MIN_ANCHOR long): every match of this sequence
    contains one string of each set. `ws`: of a text whose whitespace is all spaces,
    where "on\\s+you" holds "on " and " you"."""
    candidates: list[frozenset[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        if run != {""} and min(len(r) for r in run) >= _MIN_ANCHOR:
            candidates.append(frozenset(r.lower() for r in run))

    for op, av in items:
        f = _finite(op, av, ws)
        if f is not None:
            joined = _product(run, f)
            if joined is not None:
                run = joined
                continue
            flush()
            run = f
            continue
        if ws and op in _REPEATS and av[0] >= 1 and list(av[2]) == [(sre_constants.IN, _SPACE)]:
            # \s+ : the run so far ends with a space, and the next one starts with one
            joined = _product(run, {" "})
            if joined is not None:
                run = joined
            flush()
            run = {" "}
            continue
        flush()
        run = {""}
        sub: frozenset[str] | None = None
        if op is sre_constants.SUBPATTERN:
            sub = _sequence(list(av[-1]), ws)
        elif op is sre_constants.BRANCH:
            alts = [_sequence(list(b), ws) for b in av[1]]
            if all(alts):
                sub = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS:
            lo, _hi, body = av
            if lo >= 1:
                sub = _sequence(list(body), ws)
        elif op is sre_constants.ATOMIC_GROUP if hasattr(sre_constants, "ATOMIC_GROUP") else False:
            sub = _sequence(list(av), ws)
        if sub:
            candidates.append(sub)
    flush()
    return [c for c in candidates if min(len(a) for a in c) >= _MIN_ANCHOR]
