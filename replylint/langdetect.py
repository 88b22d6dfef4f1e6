"""Which language a reply is in, from the detector profiles of the loaded rulesets.

Each `rulesets/<lang>/language.yaml` has a `detect` profile: `words`, common
function words of the language (and the particles and short spellings its
writers use: "yg", "gak", "kok"), and optionally `script` (the Unicode script
of its letters, default Latin). A reply is scored by how many of its words each
profile knows; a word known to several profiles counts a share to each.
Product names in English inside an Indonesian reply do not flip it, because
function words ("yang", "dan", "Anda") carry the score, not nouns.

The detector also knows a few languages that have no ruleset (Portuguese,
Spanish, French, German, Italian, Dutch, Russian, Ukrainian, and the non-Latin
scripts by their letters) so that it can *say* "this is Portuguese" instead of
forcing a reply into English. A ruleset for one of them replaces the built-in
profile. The result is one of:

- a ruleset language code: lint with its rules;
- another code ("pt", "ru", ...): a language with no ruleset: not linted;
- `UNKNOWN` ("und"): enough words, but too few of them are function words of
  any known language to tell: not linted.

A reply with no recognisable word at all that is short (a name, an order
number, "Ok") gets the default language: there is nothing to mislint in it.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Mapping

from . import rxcache

_WORD = rxcache.compile(r"(?<![#\p{L}])\p{L}+(?:'\p{L}+)*")  # not #hashtags
_LETTER = rxcache.compile(r"\p{L}")

UNKNOWN = "und"
MAX_WORDS = 120         # long e-mails: the first words decide, the rest cost time
SHORT = 6               # fewer words than this and no known word: the default language
MIN_SHARE = 0.1         # share of the words the winning profile must know
MIN_SHARE_SHORT = 0.12  # ... on replies of fewer than 15 words
SHORT_MARGIN = 1.0      # ... by which a language with no ruleset must lead a linted one on them

# Languages with no ruleset that the detector can still name. Function words
# only; a ruleset of the same code replaces its entry.
BUILTIN_PROFILES: dict[str, tuple[str, str]] = {
    "pt": ("Latin", "o a os as um uma de do da dos das em no na nos nas por para com sem que não nao é e ou se "
                    "mais mas como seu sua seus suas você voce vocês nós nos está esta estão são ser foi "
                    "ao aos pelo pela já ja também tambem olá ola obrigado obrigada atenciosamente "
                    "prezado prezada pedido pagamento isso este essa esse muito pode podemos caso "
                    "então entao quando onde qual ainda agora aqui até ate nosso nossa seu favor olá"),
    "es": ("Latin", "el la los las un una unos unas de del en por para con sin que no es y o pero como su sus "
                    "usted ustedes nosotros está esta están son ser fue al ya también hola gracias "
                    "saludos estimado estimada pedido pago esto este esa ese muy puede podemos si "
                    "cuando donde cual todavía ahora aquí hasta le les lo nos te tu tus mi mis más favor hemos "
                    "puedes podrías lamentamos nuestro nuestra nuestros mensaje"),
    "fr": ("Latin", "le la les un une des de du en dans par pour avec sans que qui ne pas est et ou mais "
                    "comme son sa ses vous nous votre vos notre nos est sont être été au aux déjà aussi "
                    "bonjour merci cordialement commande paiement ce cette ces très peut pouvons si "
                    "quand où quel encore maintenant ici jusqu je il elle"),
    "de": ("Latin", "der die das den dem des ein eine einen einem einer und oder aber nicht ist sind war "
                    "sein ihr ihre ihren sie wir uns unser unsere ich es zu mit von für auf im in an "
                    "bei aus dass wenn wie bitte danke hallo grüße gruss freundlichen bestellung "
                    "zahlung auch noch schon sehr kann können hier jetzt du dich dein deine deinem deinen kannst alle gruß"),
    "it": ("Latin", "il lo la i gli le un uno una di del della dei delle da in con per su che non è e o ma "
                    "come suo sua suoi lei voi noi vostro nostro sono essere stato al alla già anche "
                    "ciao grazie cordiali saluti ordine pagamento questo questa molto può possiamo se "
                    "quando dove quale ancora ora qui fino"),
    "nl": ("Latin", "de het een en of maar niet is zijn was uw u jij je wij we ons onze ik het te met van "
                    "voor op in aan bij uit dat als hoe alstublieft bedankt dank hallo groeten "
                    "bestelling betaling ook nog al zeer kan kunnen hier nu"),
    "ru": ("Cyrillic", "и в во не на я что с со вы мы это по для как за у вас ваш ваша ваше ваши если от к ко "
                       "бы но же уже или при был была было были будет нам нас есть так только все всё "
                       "спасибо пожалуйста здравствуйте добрый день ли мы он она они его её их этот эта "
                       "эти также можете можно нужно"),
    "uk": ("Cyrillic", "і й в у не на я що з зі ви ми це по для як за вас ваш ваша ваше ваші якщо від до "
                       "або але вже при був була було були буде нам нас є так тільки все усе "
                       "дякуємо дякую будь ласка вітаємо добрий день чи він вона вони його її їх цей ця "
                       "ці також можете можна потрібно"),
}

# Script of the majority of a reply's letters -> language code, when no profile
# is written in that script.
SCRIPT_CODES = {"Cyrillic": "ru", "Greek": "el", "Arabic": "ar", "Hebrew": "he", "Han": "zh", "Kana": "ja",
                "Hangul": "ko", "Thai": "th", "Devanagari": "hi", "Armenian": "hy", "Georgian": "ka"}
_SCRIPTS = [(s, rxcache.compile(rf"\p{{Script={s}}}")) for s in
            ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hangul", "Thai", "Devanagari", "Armenian", "Georgian")]
_KANA = rxcache.compile(r"[\p{Script=Hiragana}\p{Script=Katakana}]")


_ASCII_LETTER = rxcache.compile(r"[A-Za-z]")


def script_of(text: str) -> str | None:
    """The script of most of the letters in `text` (Hiragana/Katakana count as "Kana")."""
    if text.isascii():  # the common case, decided without looking at each letter
        return "Latin" if _ASCII_LETTER.search(text) else None
    counts: dict[str, int] = {}
    for ch in _LETTER.findall(text):
        if ch.isascii():
            counts["Latin"] = counts.get("Latin", 0) + 1
            continue
        if _KANA.match(ch):
            counts["Kana"] = counts.get("Kana", 0) + 1
            continue
        for name, rx in _SCRIPTS:
            if rx.match(ch):
                counts[name] = counts.get(name, 0) + 1
                break
    if not counts:
        return None
    if counts.get("Kana") and "Han" in counts:  # Japanese mixes kanji with kana
        counts["Kana"] += counts.pop("Han")
    return max(counts, key=counts.__getitem__)


class Profile:
    __slots__ = ("code", "words", "script", "linted")

    def __init__(self, code: str, words: Iterable[str], script: str = "Latin", linted: bool = True) -> None:
        self.code = code
        self.words = frozenset(_norm(w) for w in words if w)
        self.script = script
        self.linted = linted


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word.replace("\u2019", "'").lower())


class Detector:
    def __init__(self, profiles: Mapping[str, frozenset[str] | Profile], default: str = "en", *, builtins: bool = True) -> None:
        self.default = default
        self.profiles: dict[str, Profile] = {}
        if builtins:
            for code, (script, words) in BUILTIN_PROFILES.items():
                self.profiles[code] = Profile(code, words.split(), script, linted=False)
        for code, prof in profiles.items():
            self.profiles[code] = prof if isinstance(prof, Profile) else Profile(code, prof)
        # word -> the profiles that know it, per script
        self._index: dict[str, dict[str, tuple[str, ...]]] = {}
        for p in self.profiles.values():
            index = self._index.setdefault(p.script, {})
            for w in p.words:
                index[w] = index.get(w, ()) + (p.code,)

    @classmethod
    def from_lexicons(cls, lexicons: Mapping[str, Mapping], default: str = "en") -> "Detector":
        """Profiles from each ruleset language's `detect` section (`words`, `script`)."""
        profiles = {}
        for code, lex in lexicons.items():
            detect = lex.get("detect") or {}
            words = detect.get("words") or []
            if not words and code in BUILTIN_PROFILES:
                words = BUILTIN_PROFILES[code][1].split()
            script = detect.get("script") or (BUILTIN_PROFILES[code][0] if code in BUILTIN_PROFILES else "Latin")
            profiles[code] = Profile(code, words, str(script))
        return cls(profiles, default if default in profiles or not profiles else next(iter(profiles)))

    @property
    def linted(self) -> frozenset[str]:
        return frozenset(c for c, p in self.profiles.items() if p.linted)

    def scores(self, text: str, script: str = "Latin") -> tuple[dict[str, float], int]:
        """Per-profile score of `text` (a word known to k profiles counts 1/k) and its word count."""
        index = self._index.get(script, {})
        scores: dict[str, float] = {}
        words = _WORD.findall(_norm(text))[:MAX_WORDS]
        get = index.get
        for w in words:
            codes = get(w)
            if codes:
                share = 1.0 / len(codes)
                for c in codes:
                    scores[c] = scores.get(c, 0.0) + share
        return scores, len(words)

    def detect(self, text: str) -> str:
        """The language code of `text`: a profile's code, a script's code, or UNKNOWN."""
        if not self.profiles:
            return self.default
        script = script_of(text)
        if script is None:
            return self.default  # no letters at all: numbers, links, emoji
        if script not in self._index:
            return SCRIPT_CODES.get(script, UNKNOWN)
        scores, n = self.scores(text, script)
        if script == "Cyrillic":
            _cyrillic_letters(text, scores)
        if not scores:
            if script == "Latin" and n < SHORT:
                return self.default
            return SCRIPT_CODES.get(script, UNKNOWN)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], not self.profiles[kv[0]].linted, kv[0] != self.default))
        best, top = ranked[0]
        if not self.profiles[best].linted and n < 15:
            # A short reply is not given to a language without rules on one stray word
            # ("Per company policy, ..." is not Italian): that language must lead by a margin.
            linted = next(((c, s) for c, s in ranked if self.profiles[c].linted), None)
            if linted is not None and top - linted[1] < SHORT_MARGIN:
                best, top = linted
        if self.profiles[best].linted and n >= SHORT and top / n < (MIN_SHARE_SHORT if n < 15 else MIN_SHARE):
            return UNKNOWN
        return best


def _cyrillic_letters(text: str, scores: dict[str, float]) -> None:
    """Letters only Ukrainian (і ї є ґ) or only Russian (ы э ъ ё) uses tip the balance."""
    low = text.lower()
    for code, letters in (("uk", "іїєґ"), ("ru", "ыэъё")):
        count = sum(low.count(c) for c in letters)
        if count:
            scores[code] = scores.get(code, 0.0) + 0.5 * count
