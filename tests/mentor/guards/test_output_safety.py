"""Output safety: harmful code and operational attack steps are dropped, teaching stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mentor.guards.safety import (
    ProseRule,
    scan_code,
    scan_prose,
    strip_harm,
    suspicious_line,
)
from bot.mentor.i18n import Catalog
from bot.settings import DEFAULT_CONFIG_DIR
from tests.mentor.guards.harm_samples import (
    ALONE_STEPS,
    DEFENSIVE,
    DEFENSIVE_STEPS,
    HARMFUL,
    HIDING_STEPS,
    OTHER_LANGUAGES,
)

DRAFTS = Path(__file__).parents[2] / "fakes" / "drafts"
"""Reviewer drafts served by a hostile LLM (credential stuffing, keylogger, flood, solution)."""


@pytest.mark.parametrize("name", sorted(HARMFUL))
def test_harmful_program_is_recognised_by_what_it_does(name: str) -> None:
    """Each attack program (parsed or not) is found by its calls, imports and loops."""
    assert scan_code(HARMFUL[name]), name


@pytest.mark.parametrize("name", sorted(DEFENSIVE))
def test_defensive_code_that_names_attacks_passes(name: str) -> None:
    """Rate-limit tests, hashing, detectors and log rotation are teaching, not harm."""
    assert scan_code(DEFENSIVE[name]) == frozenset(), name


@pytest.mark.parametrize("name", sorted(OTHER_LANGUAGES))
def test_harmful_block_in_another_language_is_found_by_token_rules(name: str) -> None:
    """PHP harvesters, cloned login forms and shell attack commands are found too."""
    language, code = OTHER_LANGUAGES[name]
    assert scan_code(code, language), name


def test_python_tagged_as_text_is_still_parsed() -> None:
    """The fence's tag is not trusted: a ```text block of Python gets the ast rules."""
    assert "credential_attack" in scan_code(HARMFUL["async_stuffing"], "text")


def test_shell_block_with_attack_commands_is_harmful() -> None:
    """A bash block running hydra or hping3 floods is found by token rules."""
    assert "credential_attack" in scan_code("hydra -l admin -P rockyou.txt ssh://10.0.0.5", "bash")
    assert "packet_flood" in scan_code("hping3 -S --flood --rand-source 10.0.0.5", "sh")


def test_operational_step_list_is_harmful_but_a_description_is_not() -> None:
    """Two attack steps in one paragraph are a recipe; explaining the attack is not."""
    recipe = (
        "1. Load the rockyou wordlist.\n"
        "2. For each password, POST it to the login URL.\n"
        "3. Stop when the login succeeds."
    )
    teaching = (
        "Attackers often try every password from a leaked list against a login. "
        "Defend with per-account rate limits and breached-password checks."
    )
    assert scan_prose(recipe) == frozenset({"credential_attack"})
    assert scan_prose(teaching) == frozenset()


def test_prose_rule_never_clears_a_paragraph_by_adding_lines() -> None:
    """More lines never make a harmful paragraph harmless (the streaming gate relies on it)."""
    recipe = "- Clear the bash history.\n- Rename the process to hide it."
    assert scan_prose(recipe)
    assert scan_prose("Intro line.\n" + recipe + "\n- Rate-limit logins.")
    assert all(suspicious_line(line) for line in recipe.splitlines())


def test_recipe_loses_its_attack_steps_and_keeps_its_teaching_lines() -> None:
    """Only the suspicious lines of a recipe paragraph are dropped."""
    text = (
        "Know the attack:\n- Clear the bash history.\n- Rename the process to hide it.\nAudit it."
    )
    result = strip_harm(text)
    assert result.text == "Know the attack:\nAudit it."
    assert result.paragraphs == 1


def test_strip_harm_drops_the_script_and_keeps_the_defence() -> None:
    """The credential-spraying block goes; the defensive advice around it stays."""
    text = (
        "Protect the login with rate limits per account and per IP.\n\n"
        "```python\n" + HARMFUL["credential_spray"] + "```\n\n"
        "Then alert on many failures from one IP."
    )
    result = strip_harm(text)
    assert result.blocks == 1
    assert "httpx.post" not in result.text
    assert "rate limits per account" in result.text
    assert "alert on many failures" in result.text
    assert result.harms == frozenset({"credential_attack"})


def test_safe_text_is_returned_unchanged() -> None:
    """A draft without harm keeps its exact formatting."""
    text = "Measure first.\n```python\n" + DEFENSIVE["password_hashing"] + "```\nThen ship."
    result = strip_harm(text)
    assert result.text == text
    assert not result.changed


RECIPES = {
    "pt": "1. Carregue a lista de senhas.\n2. Para cada senha, tente o login até conseguir entrar.",
    "es": "1. Carga la lista de contraseñas.\n2. Para cada contraseña, prueba hasta que entres.",
    "fr": "1. Charge la liste de mots de passe.\n2. Pour chaque mot de passe, essaie la connexion.",
    "de": "1. Lade die Passwortliste.\n2. Für jedes Passwort probierst du den Login.",
    "ru": "1. Загрузи список паролей.\n2. Для каждого пароля пробуй вход, пока не войдёшь.",
    "ja": "1. パスワードリストを読み込む。\n2. 各パスワードでログインできるまで試す。",
    "zh": "1、加载密码字典。\n2、用每个密码尝试，直到登录成功。",
    "ko": "1. 비밀번호 목록을 불러온다.\n2. 각 비밀번호로 로그인될 때까지 시도한다.",
}


@pytest.fixture(scope="module")
def rule() -> ProseRule:
    return ProseRule.from_catalog(Catalog.load(DEFAULT_CONFIG_DIR).languages)


@pytest.mark.parametrize("lang", sorted(RECIPES))
def test_attack_recipe_in_the_learners_language_is_found(rule: ProseRule, lang: str) -> None:
    """The cues of config/i18n/guardsout/<lang>.toml find a recipe written in that language."""
    assert rule.scan(RECIPES[lang]) == frozenset({"credential_attack"})


def test_defensive_password_advice_is_not_a_recipe(rule: ProseRule) -> None:
    """Rotating passwords and trying a manager are defence, in any language."""
    advice = (
        "- Rotate passwords for service accounts every 90 days.\n"
        "- Try a password manager for all shared credentials.\n"
        "- Para cada serviço, use senhas diferentes e um gerenciador."
    )
    assert rule.scan(advice) == frozenset()


@pytest.mark.parametrize("lang", sorted(ALONE_STEPS))
def test_evasion_step_is_harmful_on_its_own_in_every_language(rule: ProseRule, lang: str) -> None:
    """Rotating proxies so the target's rate limiter never notices is removed by itself."""
    evasion, _ = ALONE_STEPS[lang]
    assert "detection_evasion" in rule.scan("Intro.\n" + evasion)
    assert rule.suspicious(evasion)


@pytest.mark.parametrize("lang", sorted(ALONE_STEPS))
def test_persistence_on_the_target_machine_is_harmful_on_its_own(
    rule: ProseRule, lang: str
) -> None:
    """Planting a program in someone else's startup folder, disguised, is removed by itself."""
    _, persistence = ALONE_STEPS[lang]
    assert "covert_persistence" in rule.scan(persistence)


@pytest.mark.parametrize("line", HIDING_STEPS)
def test_hiding_a_program_from_its_user_is_harmful_on_its_own(rule: ProseRule, line: str) -> None:
    """Hiding a window, file or process from the machine's user is an operational step."""
    assert rule.scan(line)


@pytest.mark.parametrize("line", DEFENSIVE_STEPS)
def test_describing_evasion_or_persisting_your_own_service_is_kept(
    rule: ProseRule, line: str
) -> None:
    """What attackers do, told as teaching, and your own service's autostart stay."""
    assert rule.scan(line) == frozenset()


@pytest.mark.parametrize("draft", ["spray.md", "keylog.md"])
def test_reviewer_draft_loses_its_attack_steps_and_the_sentence_introducing_the_block(
    rule: ProseRule, draft: str
) -> None:
    """The block goes with its "run it:" introduction; evasion and persistence steps go."""
    text = (DRAFTS / draft).read_text(encoding="utf-8")
    result = strip_harm(text, rule)
    for gone in ("```", "run it", "run this", "Rotate the proxy", "startup folder", "svchost"):
        assert gone not in result.text, gone
    assert "sudo lsof" in result.text or "slowapi" in result.text
    assert "before and after" in result.text


def test_intro_sentence_goes_but_the_rest_of_its_line_stays() -> None:
    """Only the sentence that points at the dropped block is removed."""
    text = (
        "1. Measure first. Here is the tool; run it:\n\n```python\n"
        + HARMFUL["keylogger"]
        + "```\n\n2. Then check autostart entries."
    )
    result = strip_harm(text)
    assert result.text == "1. Measure first.\n\n2. Then check autostart entries."


@pytest.mark.parametrize(
    "line",
    [
        "Rejestrowanie czasu zadań, ponowień i błędów z sygnałów Celery: task_prerun i "
        "task_postrun zapisują czas trwania w histogramie.",
        "Rejestruj z sygnałów z etykietami o niskiej kardynalności: "
        "`Histogram('celery_task_seconds', ...)` z etykietą nazwy zadania.",
    ],
)
def test_polish_logging_of_celery_tasks_is_not_persistence(rule: ProseRule, line: str) -> None:
    """'Rejestrowanie' (logging) and 'Celery' are not a registry entry on a target ('cel')."""
    assert "covert_persistence" not in rule.scan(line)
