"""Unsafe advice and invented runs: the streaming preview, words-only prose, new spellings.

review11 left the streaming preview open: while a draft streamed, its prose could show
"unpickle the upload" or "I ran your code: 3 s" before the final reply replaced it. The
preview now passes the same check as the final reply (hostile12). The check also reads the
kinds named in words only ("load the uploads with pickle", "отключи проверку сертификата"),
a fix that is itself negated ("不要用 safe_load"), calls the eleventh round's table did not spell
(`pickle.Unpickler` on a socket, a shell command built on the line above, `chmod(p, 511)`,
`S_IRWXO`, `create_subprocess_shell`, `jsonpickle.decode`, `read_pickle`), and a claim of a
run told by where it ran ("bei mir", "手元で") with a measured number.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.advice_rules import load_rules
from bot.mentor.guards.unsafe_advice import AdviceWords, check_draft
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from tests.fakes.hostile_llm import BODIES
from tests.fakes.openai_server import FakeOpenAI, compose, reply

PREVIEW_CASES = {
    "en": (
        "My endpoint receives result objects from our workers and JSON parsing is slow. "
        "How can I speed it up?",
        "Have the workers send pickles and read them with `pickle.loads(await request.read())`.",
    ),
    "it": (
        "Le chiamate HTTP verso il servizio interno sono lente, come le velocizzo?",
        "Passa `verify=False` al client `httpx` così eviti il controllo del certificato.",
    ),
    "ja": (
        "リストから重複を取り除く関数が遅いです。どう速くできますか？",
        "あなたのコードを実行したところ 12 秒かかり、その 90% がリストの in 判定でした。",
    ),
    "de": (
        "Meine Nutzer laden Konfigurationsdateien hoch. Wie lese ich sie schneller ein?",
        "Lies die hochgeladenen Dateien einfach mit dem Modul pickle statt mit JSON.",
    ),
}


def _draft(catalog: Catalog, lang: str, step: str) -> str:
    headings = list(catalog.headings(lang).values())
    base = {
        "en": (
            "- How many objects per second arrive, and how large is one?",
            "- If decoding dominates, a faster format should cut the time per request, "
            "measured with `time.perf_counter()`.",
            "1. Time the decoding of 1,000 requests with `time.perf_counter()`.",
        ),
        "it": (
            "- Quante chiamate al secondo fai, e quanto dura una?",
            "- Se ogni chiamata apre una nuova connessione, riusare un client dovrebbe "
            "dimezzare il tempo misurato con `time.perf_counter()`.",
            "1. Misura 100 chiamate con `time.perf_counter()`.",
        ),
        "ja": (
            "- リストの長さはどれくらいで、何秒かかっていますか？",
            "- 各要素でリスト全体を探しているなら、`set` に変えると `timeit` で測る時間が大きく減るはずです。",
            "1. `python -m timeit` で今の時間を測ります。",
        ),
        "de": (
            "- Wie groß ist eine Datei, und wie lange dauert das Einlesen heute?",
            "- Wenn das Parsen dominiert, sollte ein schnellerer Parser die mit "
            "`time.perf_counter()` gemessene Zeit senken.",
            "1. Miss das Einlesen von 100 Dateien mit `time.perf_counter()`.",
        ),
    }[lang]
    plausible = BODIES[lang]
    bodies = (
        base[0],
        base[1],
        f"{base[2]}\n2. {step}",
        "",
        plausible[4],
        plausible[5],
        plausible[6],
    )
    return compose(headings, bodies)


@pytest.mark.parametrize("lang", sorted(PREVIEW_CASES))
async def test_the_streaming_preview_never_shows_what_the_final_reply_removes(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """Unpickling a request, verify=False, an invented run, pickle of uploads in words."""
    question, step = PREVIEW_CASES[lang]
    # small chunks, paced: the gate forwards several previews, as it does from a real model
    fake_openai.reset(
        default=reply(_draft(catalog, lang, step), chunk_chars=40, chunk_delay_s=0.03)
    )
    previews: list[str] = []

    async def sink(text: str) -> None:
        previews.append(text)

    result = await llm_app.mentor.handle(
        MentorRequest(platform="console", user=f"p-{lang}", text=question, thread=f"p-{lang}"),
        on_progress=sink,
    )
    assert previews, result.text  # the draft streamed
    assert not [p for p in previews if step in p]
    assert step not in result.text


def _words(catalog: Catalog) -> AdviceWords:
    return AdviceWords.load(catalog)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("es", "Guarda en caché las subidas de los usuarios deserializándolas con pickle."),
        ("ru", "Если партнёрский API ругается, выключи проверку TLS-сертификата в клиенте."),
        ("it", "Dai permessi 777 alla cartella dove gli utenti caricano i file."),
        ("ko", "사용자가 입력한 수식은 eval 에 넘기면 파서가 필요 없습니다."),
        ("zh", "客户端发来的 YAML 用 yaml.load 读取，别用 safe_load，否则自定义标签会丢。"),
        ("pt", "Monte o comando com o nome enviado pelo usuário e rode com shell=True."),
    ],
)
def test_unsafe_advice_in_words_only_is_removed(catalog: Catalog, lang: str, line: str) -> None:
    text = f"1. {line}\n2. Measure before and after with `time.perf_counter()`."
    out = check_draft({"steps": text}, lang, _words(catalog), measured=True)
    assert line not in out.texts["steps"]
    assert out.fixes


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Never unpickle what users upload: parse it as JSON."),
        ("ru", "Никогда не отключай проверку сертификата: укажи корневой сертификат в `cafile`."),
        ("de", "Die Datei hat 777 Zeilen; miss das Einlesen mit `time.perf_counter()`."),
        ("fr", "Le cache local de ton script peut rester un pickle : c'est ton propre fichier."),
    ],
)
def test_warned_or_harmless_words_are_kept(catalog: Catalog, lang: str, line: str) -> None:
    text = f"1. {line}"
    out = check_draft({"steps": text}, lang, _words(catalog), measured=True)
    assert out.texts["steps"] == text
    assert not out.fixes


@pytest.mark.parametrize(
    ("code", "gone"),
    [
        (
            "sock, _ = listener.accept()\nmsg = pickle.Unpickler(sock.makefile('rb')).load()",
            "pickle.Unpickler",
        ),
        (
            'cmd = f"tar czf {archive} {folder}"\nsubprocess.run(cmd, shell=True, check=True)',
            "shell=True",
        ),
        ("os.chmod(shared_dir, 511)", "511"),
        ("os.chmod(p, stat.S_IRWXU | stat.S_IRWXO)", "S_IRWXO"),
        ('await asyncio.create_subprocess_shell(f"gzip {path}")', "create_subprocess_shell"),
        ("state = jsonpickle.decode(request.data)", "jsonpickle"),
        ("frame = pd.read_pickle(request.args['src'])", "read_pickle"),
    ],
)
def test_new_spellings_of_unsafe_code_go(catalog: Catalog, code: str, gone: str) -> None:
    block = f"```python\n{code}\n```"
    out = check_draft({"scaffold": block}, "en", _words(catalog), measured=True)
    assert gone not in out.texts["scaffold"]
    assert out.fixes


def test_a_positional_unsafe_loader_takes_the_safe_form(catalog: Catalog) -> None:
    block = "```python\ncfg = yaml.load(request.data, yaml.UnsafeLoader)\n```"
    out = check_draft({"scaffold": block}, "en", _words(catalog), measured=True)
    assert "cfg = yaml.safe_load(request.data)" in out.texts["scaffold"]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("de", "Bei mir braucht die Schleife 2,4 s, davon 70 % im Parser."),
        ("ja", "手元で試すと 5.1 秒で、その 60% が正規表現でした。"),
        ("zh", "我这边跑完用了 3.3 秒，大部分时间在排序。"),
        ("en", "On my machine the whole import takes 7.5 s."),
    ],
)
def test_a_run_told_by_where_it_ran_goes_when_nothing_ran(
    catalog: Catalog, lang: str, line: str
) -> None:
    text = f"1. {line}\n2. Measure before and after with `time.perf_counter()`."
    out = check_draft({"steps": text}, lang, _words(catalog), measured=False)
    assert line not in out.texts["steps"]
    assert out.claims


def test_where_a_run_happens_without_a_number_is_advice(catalog: Catalog) -> None:
    text = (
        "1. Bei mir hilft es, zuerst das Profil anzusehen.\n2. On my machine, try it with 1 worker."
    )
    out = check_draft({"steps": text}, "de", _words(catalog), measured=False)
    assert out.texts["steps"] == text


def test_every_kind_of_the_table_loads() -> None:
    """config/guards/unsafe_advice.toml: each kind compiles, has a label and a fix pattern."""
    rules = load_rules()
    assert {r.name for r in rules} >= {
        "deserialise",
        "yaml_load",
        "tls_off",
        "eval_input",
        "shell",
        "sql",
        "weak_password_hash",
        "world_writable",
        "hard_secret",
    }
    assert all(r.label and r.fixed.pattern for r in rules)
