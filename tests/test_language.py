"""Language per reply: detection, overrides, "not linted" notes, and adding a language.

The detector must be right on short replies, on Indonesian replies full of
English product names, and on code-switched chat; it must say "not linted"
(once per reply) for a language with no ruleset instead of linting it with
another language's rules; `--lang`, config `lang` and a JSONL record's `lang`
override it. Adding a language is a folder with a `language.yaml` (detector
profile) and rules: the last tests prove it with a tiny Portuguese fixture.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint.api import get_linter, lint
from replylint.config import Config
from replylint.document import Source, SourceMap, TextView
from replylint.engine import LanguageNotLinted
from replylint.langdetect import UNKNOWN, Detector


def detect(text: str, config: Config | None = None) -> str:
    linter = get_linter(config or Config())
    view = TextView(Source("<t>", text), text, SourceMap.identity())
    linter.prepare(view)
    return linter.language_of(view)


@pytest.mark.parametrize("text,lang", [
    # short replies
    ("Oke kak", "id"),
    ("Siap kak, ditunggu ya", "id"),
    ("Makasih kak!", "id"),
    ("Mohon maaf", "id"),
    ("Baik, Pak.", "id"),
    ("Thanks!", "en"),
    ("Sorry!", "en"),
    ("Ok", "en"),
    ("Hi Budi, your order has shipped.", "en"),
    # colloquial spellings
    ("tdk bs kak, sdh lewat batas waktu", "id"),
    ("Gak apa2 kak, nanti sy bantu cek yg di gudang dulu ya", "id"),
    # English product names and code-switching inside Indonesian
    ("Untuk iPhone 15 Pro Max, silakan update ke iOS 17.2 lewat Settings > General > Software Update.", "id"),
    ("Samsung Galaxy Buds Pro kamu bisa di-reset lewat aplikasi Galaxy Wearable ya kak", "id"),
    ("Hi Kak, sorry banget ya delay-nya, paketnya udah on the way kok", "id"),
    ("Halo Kak, refund kamu udah aku proses ya, cek email aja.", "id"),
    ("Paket sudah dikirim via JNE, resi: JNE123456789", "id"),
    # English with the same product names
    ("Your Samsung Galaxy Buds Pro can be reset in the Galaxy Wearable app.", "en"),
    ("Order ID 12345678", "en"),
    # short English made of support words, with one word another language also has
    ("Per company policy, we cannot refund opened items.", "en"),
    ("Ciao Marco, refund processed", "en"),
    ("Da, refund processed", "en"),
    ("Parcel lost in transit, replacement dispatched.", "en"),
    ("Refund sudah diproses", "id"),
    ("Grazie mille, il pacco è arrivato.", "it"),
    ("Danke, Bestellung ist unterwegs", "de"),
    # no ruleset: named, or "und" when it cannot tell
    ("Obrigado pelo contato! Seu pedido foi enviado hoje.", "pt"),
    ("Gracias por contactarnos, su pedido ya está en camino.", "es"),
    ("Спасибо за обращение, мы уже проверяем ваш заказ.", "ru"),
    ("Дякуємо за звернення, ми вже перевіряємо ваше замовлення.", "uk"),
    ("ご連絡ありがとうございます。", "ja"),
    ("Salamat po sa inyong mensahe, aayusin namin ang inyong order.", UNKNOWN),
    ("Dziękujemy za wiadomość, paczka zostanie wysłana jutro do Pana.", UNKNOWN),
])
def test_detects_language(text, lang):
    assert detect(text) == lang


def test_quoted_history_does_not_decide():
    # The customer wrote in English; the agent answers in Indonesian.
    text = "Mohon maaf atas keterlambatannya, Kak. Saya sudah meminta kurir mengirim hari ini.\n\n> Where is my order? It has not arrived and I want a refund.\n> I have been waiting for two weeks now.\n"
    assert detect(text) == "id"


def test_detector_without_builtins_never_invents_a_language():
    d = Detector({"en": frozenset({"the", "and"})}, builtins=False)
    assert d.detect("the cat and the dog") == "en"
    assert d.detect("") == "en"


def test_indonesian_rules_run_on_detected_indonesian():
    found = lint("Harap tenang, Pak. Paketnya sedang dikirim.")
    assert [d.code for d in found if d.category == "calm-down"] == ["RL0351"]


def test_unsupported_language_raises_in_the_library():
    with pytest.raises(LanguageNotLinted) as exc:
        lint("Obrigado pelo contato! Infelizmente não podemos fazer nada, a decisão é final.")
    assert exc.value.args[0] == "pt"


def test_lang_argument_overrides_detection():
    # Forced to English, Indonesian words are not English findings.
    assert lint("Harap tenang, Pak.", lang="en") == []
    assert [d.code for d in lint("Harap tenang, Pak.", lang="id")] == ["RL0351"]


def test_config_lang_overrides_detection():
    cfg = Config(lang="id")
    assert detect("OK", cfg) == "id"
    assert detect("Please calm down.", Config(lang="auto")) == "en"


# --- the CLI -------------------------------------------------------------------

def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_lang_option(cli, tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text("Harap tenang, Pak.\n", encoding="utf-8")
    auto = cli("check", "--format", "json", str(reply))
    assert [d["code"] for d in json.loads(auto.stdout)] == ["RL0351"]
    forced = cli("check", "--format", "json", "--lang", "en", str(reply))
    assert json.loads(forced.stdout) == [] and forced.returncode == 0


def test_jsonl_record_lang_wins(cli, tmp_path):
    batch = _jsonl(tmp_path / "batch.jsonl", [
        {"id": "a", "text": "Harap tenang, Pak."},
        {"id": "b", "text": "Harap tenang, Pak.", "lang": "en"},
        {"id": "c", "text": "Please calm down.", "lang": "auto"},
    ])
    out = json.loads(cli("check", "--format", "json", str(batch)).stdout)
    assert sorted((d["record"], d["code"]) for d in out) == [("a", "RL0351"), ("c", "RL0301")]


def test_config_lang_setting(cli, tmp_path):
    (tmp_path / ".replylint.yaml").write_text("lang: en\n", encoding="utf-8")
    reply = tmp_path / "reply.txt"
    reply.write_text("Harap tenang, Pak.\n", encoding="utf-8")
    assert json.loads(cli("check", "--format", "json", str(reply), cwd=tmp_path).stdout) == []


def test_not_linted_note_once_per_reply_and_exit_status(cli, tmp_path):
    batch = _jsonl(tmp_path / "batch.jsonl", [
        {"id": "pt1", "text": "Prezado cliente, infelizmente não podemos fazer nada. A decisão é final!!"},
        {"id": "ru1", "text": "Успокойтесь, пожалуйста. Мы ничего не можем сделать!!"},
        {"id": "id1", "text": "Mohon maaf atas keterlambatannya, saya mengerti ini menjengkelkan. Paket sudah kami kirim hari ini."},
        {"id": "pt2", "text": "Olá! Seu pedido foi enviado.", "lang": "pt"},
    ])
    res = cli("check", "--format", "json", str(batch))
    # Never linted with another language's rules: no findings at all (the "!!" would be one).
    assert json.loads(res.stdout) == []
    notes = [line for line in res.stderr.splitlines() if "not linted" in line]
    assert len(notes) == 3
    assert sum("record pt1" in n for n in notes) == 1 and "'pt'" in notes[0]
    assert sum("record ru1" in n and "'ru'" in n for n in notes) == 1
    assert sum("record pt2" in n for n in notes) == 1
    # A reply that is not linted is a note, not a finding or an error: exit 0.
    assert res.returncode == 0


def test_not_linted_text_file(cli, tmp_path):
    reply = tmp_path / "resposta.txt"
    reply.write_text("Olá Maria,\n\nObrigado pelo contato. Seu reembolso já foi processado e deve aparecer em até 5 dias úteis.\n\nAtenciosamente,\nJoão\n", encoding="utf-8")
    res = cli("check", str(reply))
    assert res.returncode == 0
    assert res.stderr.count("not linted") == 1 and "no ruleset for language 'pt'" in res.stderr


# --- adding a third language ----------------------------------------------------

FIXTURE_LANGUAGE = """\
name: Portuguese (test fixture)
vocabulary:
  voce: "você|voce|o senhor|a senhora"
complaint:
  context: ["atrasad\\\\w*|não chegou|reembolso|!!"]
  reply: ["desculp\\\\w*|atraso|problema"]
detect:
  words: [o, a, os, as, um, uma, de, do, da, em, no, na, por, para, com, que, não, é, e, você, seu, sua,
    obrigado, obrigada, pedido, olá, já, foi, está, pode, fique, calmo, calma]
"""

FIXTURE_RULE = """\
code: PT0301
name: fique-calmo
category: calm-down
kind: phrase
severity: error
message: Pedir ao cliente que se acalme costuma ter o efeito contrário.
rationale: Nomeie o sentimento em vez de dar ordens sobre ele.
patterns:
  - "(?:por favor,?\\\\s+)?(?:fique\\\\s+calm[oa]|acalme-se)"
suggestions:
  - title: Nomeie o sentimento
    replacement: "Entendo como isso é frustrante"
    applicability: unsafe
examples:
  bad:
    - text: "[[Fique calmo]], o pedido já foi enviado."
      fixed: "Entendo como isso é frustrante, o pedido já foi enviado."
  good:
    - "Entendo como isso é frustrante, e o pedido já foi enviado."
"""


@pytest.fixture
def portuguese(tmp_path):
    folder = tmp_path / "extra-rules" / "pt"
    (folder / "calm-down").mkdir(parents=True)
    (folder / "language.yaml").write_text(FIXTURE_LANGUAGE, encoding="utf-8")
    (folder / "calm-down" / "fique-calmo.yaml").write_text(FIXTURE_RULE, encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".replylint.yaml").write_text("rulesets: [../extra-rules]\n", encoding="utf-8")
    reply = project / "resposta.txt"
    reply.write_text("Fique calmo, o seu pedido já foi enviado.\n", encoding="utf-8")
    return project, reply


def test_third_language_is_a_folder(cli, portuguese, tmp_path):
    project, reply = portuguese
    # Without the config the reply is Portuguese with no ruleset: one note, no findings.
    bare = tmp_path / "bare.txt"
    bare.write_text(reply.read_text(encoding="utf-8"), encoding="utf-8")
    res = cli("check", "--format", "json", str(bare), cwd=tmp_path)
    assert json.loads(res.stdout) == [] and res.stderr.count("not linted") == 1
    # With the extra ruleset folder: detected as pt and linted with its rule.
    res = cli("check", "--format", "json", str(reply), cwd=project)
    found = json.loads(res.stdout)
    assert [(d["code"], d["category"]) for d in found] == [("PT0301", "calm-down")]
    assert "not linted" not in res.stderr
    assert res.returncode == 1
    # Its rules are listed and its examples hold like the built-in ones.
    listed = cli("rules", "--lang", "pt", "--config", str(project / ".replylint.yaml"))
    assert "PT0301" in listed.stdout


def test_third_language_detection_and_examples(portuguese):
    from replylint.api import get_ruleset
    from replylint.config import load_file
    from replylint.ruleset import parse_marked

    project, _ = portuguese
    cfg = load_file(project / ".replylint.yaml")
    assert "pt" in get_ruleset(cfg).languages
    assert detect("Olá! Obrigado, o seu pedido já foi enviado.", cfg) == "pt"
    assert detect("Harap tenang, Pak.", cfg) == "id"
    assert detect("Please calm down.", cfg) == "en"
    rule = get_ruleset(cfg).find("PT0301")[0]
    text, spans = parse_marked(rule.bad[0].text)
    found = lint(text, config=cfg)
    assert [(d.offset, d.offset + d.length) for d in found] == spans


def test_short_english_policy_reply_is_linted():
    """Misread as Italian ("per"), this reply used to go unlinted."""
    found = lint("Per company policy, we cannot refund opened items.")
    assert ("blame-shifting", 4, 14) in [(d.category, d.offset, d.length) for d in found]
