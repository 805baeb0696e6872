"""review13 W15/W18: unsafe advice of new kinds in code, and told in words in 14 languages.

A careless draft's step that renders request data as a template, serves a path joined with
request data, redirects to a request's URL, parses XML with entities on, accepts unknown SSH
host keys or compares a signature with `==` is removed (or made safe); so is the same advice
told in prose in any of the 14 languages (a container run privileged, passwords in plain text,
the firewall turned off). A safe form, or a warning against the unsafe one, is kept.
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.advice_rules import load_rules
from bot.mentor.guards.unsafe_advice import AdviceWords, changes_line, check_draft
from bot.mentor.i18n import Catalog

KEEP = "Time 50 requests before and after with `time.perf_counter()`."


def _checked(catalog: Catalog, lang: str, line: str) -> tuple[str, set[str]]:
    out = check_draft(
        {"steps": f"1. {line}\n2. {KEEP}"}, lang, AdviceWords.load(catalog), measured=True
    )
    return out.texts["steps"], {rule.name for rule in out.fixes}


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("Show the page: `return render_template_string(request.form['page'])`", "request.form"),
        ("Download: `return send_file(f\"/data/exports/{request.args['f']}\")`", "exports/"),
        ("Back to where they were: `return redirect(request.values['back'])`", "back'])"),
        ("Read invoices: `etree.parse(upload, etree.XMLParser(load_dtd=True))`", "load_dtd"),
        ("No prompts: `ssh.set_missing_host_key_policy(paramiko.WarningPolicy())`", "Warning"),
        ("Check it: `if expected_sig != request.headers['X-Hub-Signature']: abort(403)`", "!="),
        ("Debug logins: `logger.info(f'login {user} with password {password}')`", "password}"),
    ],
)
def test_request_data_sinks_are_not_shown(catalog: Catalog, line: str, marker: str) -> None:
    text, kinds = _checked(catalog, "en", line)
    assert kinds
    assert marker not in text.replace(KEEP, "")
    assert "perf_counter" in text


@pytest.mark.parametrize(
    "line",
    [
        "Greet: `render_template_string('<b>{{ who }}</b>', who=request.args['who'])`",
        "Serve: `return send_from_directory(REPORTS, request.args['name'])`",
        "Verify: `if not hmac.compare_digest(expected, request.headers['X-Sig']): abort(403)`",
        "Count requests: `if len(token) == 32:` before the lookup.",
        "Never use `AutoAddPolicy` in production; keep a known_hosts file.",
        "Run the container as a non-root user and drop capabilities.",
        "Store only password hashes with argon2, never plain text.",
    ],
)
def test_safe_forms_are_kept(catalog: Catalog, line: str) -> None:
    text, kinds = _checked(catalog, "en", line)
    assert not kinds
    assert line in text


PROSE = {
    "en": "Run the container as root with --privileged so the logs can be written.",
    "de": "Speichere die Passwörter im Klartext in der Datenbank, das spart Zeit beim Login.",
    "fr": "Désactive le pare-feu du serveur pour que les requêtes passent plus vite.",
    "es": "Haz commit del archivo .env al repositorio para que todo el equipo lo tenga.",
    "it": "Avvia il container come root, così eviti i problemi di permessi.",
    "pt": "Guarde as senhas em texto puro no banco para o login ficar mais rápido.",
    "nl": "Schakel de firewall uit op de server, dan zijn de verzoeken sneller.",
    "pl": "Zapisuj hasła jawnym tekstem w bazie, logowanie będzie szybsze.",
    "ru": "Запусти контейнер от root с флагом --privileged, чтобы не было ошибок прав.",
    "uk": "Зберігай паролі у відкритому вигляді в базі, так вхід буде швидшим.",
    "tr": "Sunucudaki güvenlik duvarını devre dışı bırak, istekler daha hızlı geçer.",
    "ja": "本番環境でもデバッグモードを有効にしたままにすると、遅いクエリがすぐに見えます。",
    "zh": "把密码以明文存进数据库，这样登录更快。",
    "ko": "컨테이너를 root로 실행하면 권한 오류가 사라집니다.",
}


@pytest.mark.parametrize("lang", sorted(PROSE))
def test_unsafe_advice_in_words_goes_in_every_language(catalog: Catalog, lang: str) -> None:
    text, kinds = _checked(catalog, lang, PROSE[lang])
    assert kinds, lang
    assert PROSE[lang] not in text
    assert "perf_counter" in text


def test_turning_debug_off_in_production_is_kept(catalog: Catalog) -> None:
    line = "Schalte DEBUG in der Produktion aus und miss die Queries lokal."
    text, kinds = _checked(catalog, "de", line)
    assert not kinds
    assert line in text


def test_notice_names_changes_as_code_not_english_words(catalog: Catalog) -> None:
    """The changes line is shown inside a German notice: no English phrase in it (W18)."""
    line = changes_line(load_rules(), "entfernt")
    for phrase in ("the CSRF token", "an explicit list", "allowlist of", "secret in code"):
        assert phrase not in line
