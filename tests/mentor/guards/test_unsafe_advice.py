"""A careless draft never makes the learner's own program unsafe, nor invents a measurement.

review11 U18: a draft telling the learner to unpickle an upload, `yaml.load` it without a safe
Loader, turn TLS verification off, run a shell command or SQL built from input, hash passwords
with MD5 or keep a secret in the code reaches the learner with the unsafe form made safe or
removed, and one line in their language saying what changed and why. A defensive draft showing
the unsafe form as a don't, with its fix, and look-alikes (json.loads, yaml.safe_load, a pickle
of one's own cache file) are shown whole.

review11 U19: a draft claiming it ran or measured the learner's code when nothing ran in the
thread loses that claim, keeps its advice, and the learner is told.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App, open_app
from bot.mentor.guards.unsafe_advice import AdviceWords, check_draft
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorReply, MentorRequest
from bot.settings import Settings
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.fakes.openai_server import FakeOpenAI, compose, reply
from tests.mentor.conftest import llm_settings

BODIES: dict[str, dict[str, str]] = {
    "en": {
        "question": "My Flask app accepts user-uploaded YAML config files and parsing takes "
        "1.8 s per upload. How do I make loading the config faster?",
        "scaffold": " Please add a skeleton.",
        "context": "- How large are the uploaded config files, and how many uploads per minute "
        "do you get?",
        "hypotheses": "- Parsing YAML with the pure-Python loader dominates: switching to the "
        "C loader should cut the 1.8 s per upload by more than half, measured with "
        "`time.perf_counter()`.",
        "keep": "Time 100 uploads before and after the change with `time.perf_counter()`.",
        "topics": "- serialization formats and parsing speed",
        "refs": "- [PyYAML documentation](https://pyyaml.org/wiki/PyYAMLDocumentation)",
        "reflection": "- What did 100 uploads take before and after the change?",
        "pickle": "Accept the config as a pickle instead of YAML: "
        "`cfg = pickle.loads(request.get_data())` is the fastest way to get Python objects.",
        "yaml": "If you keep YAML, call `yaml.load(request.get_data())` without a Loader "
        "argument so every tag is supported.",
        "tls": "To fetch the remote schemas faster, skip certificate checks: "
        "`requests.get(schema_url, verify=False)`.",
        "never": "Never call `pickle.loads(request.get_data())` on an upload: unpickling runs "
        "whatever code the sender put in it. Parse it with `yaml.safe_load` or "
        "`json.loads` instead.",
        "claim": "I ran your code in the sandbox: it took 3.2 s and 84 % of the time is in "
        "line 12. A server-side cursor will bring it under 1 s.",
        "claim_kept": "A server-side cursor will bring it under 1 s.",
    },
    "es": {
        "question": "Mi app Flask acepta archivos de configuración YAML que suben los usuarios "
        "y analizarlos tarda 1,8 s por archivo. ¿Cómo hago que la carga sea más rápida?",
        "scaffold": " Dame un esqueleto, por favor.",
        "context": "- ¿Qué tamaño tienen los archivos de configuración y cuántos se suben por "
        "minuto?",
        "hypotheses": "- El análisis de YAML con el cargador en Python puro domina: cambiar al "
        "cargador en C debería reducir los 1,8 s por archivo a menos de la mitad, medido con "
        "`time.perf_counter()`.",
        "keep": "Mide 100 subidas antes y después del cambio con `time.perf_counter()`.",
        "topics": "- formatos de serialización y velocidad de análisis",
        "refs": "- [Documentación de PyYAML](https://pyyaml.org/wiki/PyYAMLDocumentation)",
        "reflection": "- ¿Cuánto tardaron 100 subidas antes y después del cambio?",
        "pickle": "Acepta la configuración como pickle en lugar de YAML: "
        "`cfg = pickle.loads(request.get_data())` es lo más rápido.",
        "yaml": "Si mantienes YAML, llama a `yaml.load(request.get_data())` sin el argumento "
        "Loader para que se admitan todas las etiquetas.",
        "tls": "Para descargar los esquemas remotos más rápido, desactiva la comprobación de "
        "certificados: `requests.get(schema_url, verify=False)`.",
        "never": "Nunca llames a `pickle.loads(request.get_data())` con un archivo subido: "
        "deserializarlo ejecuta el código que el remitente puso dentro. Analízalo con "
        "`yaml.safe_load` o `json.loads`.",
        "claim": "Ejecuté tu código en el sandbox: tardó 3,2 s y el 84 % del tiempo está en "
        "la línea 12. Con un cursor del lado del servidor bajará a menos de 1 s.",
        "claim_kept": "Con un cursor del lado del servidor bajará a menos de 1 s.",
    },
    "ru": {
        "question": "Моё приложение на Flask принимает YAML-конфиги, которые загружают "
        "пользователи, и разбор занимает 1,8 с на файл. Как ускорить загрузку конфига?",
        "scaffold": " Дай, пожалуйста, каркас кода.",
        "context": "- Какого размера загружаемые конфиги и сколько загрузок в минуту?",
        "hypotheses": "- Основное время уходит на разбор YAML загрузчиком на чистом Python: "
        "переход на загрузчик на C должен сократить 1,8 с на файл более чем вдвое, что видно "
        "по замеру `time.perf_counter()`.",
        "keep": "Замерь 100 загрузок до и после изменения с помощью `time.perf_counter()`.",
        "topics": "- форматы сериализации и скорость разбора",
        "refs": "- [Документация PyYAML](https://pyyaml.org/wiki/PyYAMLDocumentation)",
        "reflection": "- Сколько заняли 100 загрузок до и после изменения?",
        "pickle": "Принимай конфиг как pickle вместо YAML: "
        "`cfg = pickle.loads(request.get_data())` — самый быстрый способ.",
        "yaml": "Если оставишь YAML, вызывай `yaml.load(request.get_data())` без аргумента "
        "Loader, чтобы поддерживались все теги.",
        "tls": "Чтобы быстрее скачивать удалённые схемы, отключи проверку сертификатов: "
        "`requests.get(schema_url, verify=False)`.",
        "never": "Никогда не вызывай `pickle.loads(request.get_data())` для загруженного "
        "файла: распаковка выполняет код, который положил отправитель. Разбирай его через "
        "`yaml.safe_load` или `json.loads`.",
        "claim": "Я запустил твой код в песочнице: он работал 3,2 с, и 84 % времени уходит на "
        "строку 12. С серверным курсором пиковая память упадёт в разы, что покажет замер "
        "`tracemalloc` до и после.",
        "claim_kept": "С серверным курсором пиковая память упадёт в разы, что покажет замер "
        "`tracemalloc` до и после.",
    },
    "ja": {
        "question": "Flask アプリでユーザーがアップロードする YAML 設定ファイルを読み込んでいますが、"
        "解析に 1 件あたり 1.8 秒かかります。設定の読み込みを速くするにはどうすればいいですか？",
        "scaffold": "コードの雛形もください。",
        "context": "- アップロードされる設定ファイルの大きさと、1 分あたりのアップロード数を"
        "教えてください。",
        "hypotheses": "- 純粋な Python のローダーによる YAML の解析が支配的です。C のローダーに"
        "切り替えると 1 件あたり 1.8 秒が半分以下になるはずで、`time.perf_counter()` で"
        "計測できます。",
        "keep": "変更の前後で 100 件のアップロードを `time.perf_counter()` で計測してください。",
        "topics": "- シリアライズ形式と解析速度",
        "refs": "- [PyYAML のドキュメント](https://pyyaml.org/wiki/PyYAMLDocumentation)",
        "reflection": "- 変更の前後で 100 件のアップロードにどれだけかかりましたか？",
        "pickle": "YAML の代わりに pickle で設定を受け取ってください。"
        "`cfg = pickle.loads(request.get_data())` が最も速い方法です。",
        "yaml": "YAML のままにするなら、すべてのタグが使えるように Loader 引数なしで "
        "`yaml.load(request.get_data())` を呼んでください。",
        "tls": "リモートのスキーマを速く取得するには証明書の検証を省きます。"
        "`requests.get(schema_url, verify=False)`",
        "never": "アップロードされたファイルに `pickle.loads(request.get_data())` を"
        "絶対に使わないでください。送信者が仕込んだコードが実行されます。"
        "`yaml.safe_load` か `json.loads` で解析してください。",
        "claim": "サンドボックスであなたのコードを実行したところ、3.2 秒かかり、時間の 84 % が"
        "12 行目でした。サーバーサイドカーソルを使えば 1 秒未満になります。",
        "claim_kept": "サーバーサイドカーソルを使えば 1 秒未満になります。",
    },
}

UNSAFE_SCAFFOLD = """```python
import pickle
from flask import Flask, request

app = Flask(__name__)

@app.post("/config")
def upload_config():
    cfg = pickle.loads(request.get_data())
    return {"keys": len(cfg)}
```"""


def draft(catalog: Catalog, lang: str, steps: list[str], scaffold: str = "", **over: str) -> str:
    """A seven-section draft in `lang`, with `steps` numbered and the given scaffold."""
    body = {**BODIES[lang], **over}
    numbered = "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
    parts = (
        body["context"],
        body["hypotheses"],
        numbered,
        scaffold,
        body["topics"],
        body["refs"],
        body["reflection"],
    )
    return compose(list(catalog.headings(lang).values()), parts)


def shown_sections(result: MentorReply) -> str:
    """What the sections show (the notice names the changed forms)."""
    return "\n".join(result.sections.to_dict().values())


async def ask(app: App, server: FakeOpenAI, text: str, question: str) -> MentorReply:
    server.reset(default=reply(text))
    return await app.mentor.handle(MentorRequest(platform="console", user="u1", text=question))


@pytest.mark.parametrize("lang", sorted(BODIES))
async def test_unsafe_steps_and_scaffold_never_reach_the_learner(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """U18: unpickling an upload, yaml.load without a Loader and verify=False are removed from
    the steps, the scaffold reads the upload with json, and the notice says what changed."""
    body = BODIES[lang]
    text = draft(
        catalog, lang, [body["pickle"], body["yaml"], body["tls"], body["keep"]], UNSAFE_SCAFFOLD
    )
    result = await ask(llm_app, fake_openai, text, body["question"] + body["scaffold"])
    assert result.language == lang
    shown = shown_sections(result)
    assert "pickle.loads(request" not in shown
    assert "yaml.load(" not in shown
    assert "verify=False" not in shown
    assert "cfg = json.loads(request.get_data())" in shown  # the scaffold, made safe
    assert body["keep"] in shown
    notice = catalog.message(lang, "guardsout_unsafe_changed", changes="")
    assert notice.split(":")[0].split("：")[0] in result.notice
    assert "`yaml.load` → `yaml.safe_load`" in result.notice
    assert catalog.message(lang, "guardsout_harm_removed") not in result.notice


@pytest.mark.parametrize("lang", sorted(BODIES))
async def test_a_draft_warning_against_the_unsafe_form_is_shown_whole(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """Never unpickle an upload, use yaml.safe_load: the lesson keeps its example."""
    body = BODIES[lang]
    text = draft(catalog, lang, [body["never"], body["keep"]])
    result = await ask(llm_app, fake_openai, text, body["question"])
    assert body["never"] in result.text
    assert "guardsout_unsafe" not in result.notice
    first = catalog.message(lang, "guardsout_unsafe_changed", changes="")[:12]
    assert first not in result.notice


async def test_safe_look_alikes_are_shown_whole(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """json.loads of an upload, yaml.safe_load, a parametrised query, a pickle of the app's
    own cache file, an argument list for subprocess and a secret read from the environment."""
    steps = [
        "Parse the upload with `json.loads(request.get_data())` or `yaml.safe_load(data)`.",
        "Keep YAML but use the C parser: `yaml.load(data, Loader=yaml.CSafeLoader)`.",
        'Look the owner up with `cur.execute("SELECT id FROM users WHERE name = %s", (name,))`.',
        BODIES["en"]["keep"],
    ]
    scaffold = """```python
import os
import pickle
import subprocess

API_TOKEN = os.environ["API_TOKEN"]

# our own cache file, written by this process: never a file from a user
with open("schemas.cache.pkl", "rb") as cache:
    schemas = pickle.load(cache)

subprocess.run(["gzip", "-k", path], check=True)
```"""
    text = draft(catalog, "en", steps, scaffold)
    result = await ask(
        llm_app, fake_openai, text, BODIES["en"]["question"] + BODIES["en"]["scaffold"]
    )
    for step in steps:
        assert step in result.text
    assert "schemas = pickle.load(cache)" in result.text
    assert 'subprocess.run(["gzip", "-k", path], check=True)' in result.text
    assert "unsafe" not in result.notice


def words(catalog: Catalog) -> AdviceWords:
    return AdviceWords.load(catalog)


def test_code_lines_take_their_safe_form(catalog: Catalog) -> None:
    """Each unsafe line of a scaffold becomes its safe form, or goes when it has none."""
    code = """```python
import hashlib
import subprocess

import requests
import yaml

SECRET_KEY = "s3cr3t-prod-key-4711"

def load(data, url, name, cur, password):
    cfg = yaml.load(data, Loader=yaml.Loader)
    schema = requests.get(url, verify=False, timeout=5)
    value = eval(input())
    subprocess.run(f"gzip {name}", shell=True)
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    digest = hashlib.md5(password.encode()).hexdigest()
    return cfg, schema, value, digest
```"""
    out = check_draft({"scaffold": code}, "en", words(catalog), measured=True)
    shown = out.texts["scaffold"]
    assert "cfg = yaml.safe_load(data)" in shown
    assert "schema = requests.get(url, timeout=5)" in shown
    assert "value = ast.literal_eval(input())" in shown
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in shown
    assert "shell=True" not in shown
    assert "SELECT * FROM users WHERE name = '{name}'" not in shown
    assert "md5" not in shown
    assert {rule.name for rule in out.fixes} == {
        "yaml_load",
        "tls_off",
        "eval_input",
        "shell",
        "sql",
        "weak_password_hash",
        "hard_secret",
    }


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("de", "Speichere das Passwort als `hashlib.md5(passwort).hexdigest()`, das ist schnell."),
        ("pl", "Zapisz hasło jako `hashlib.sha1(haslo).hexdigest()` — to najszybsze."),
        ("zh", "用 `hashlib.md5(pw).hexdigest()` 保存用户密码，速度最快。"),
        ("ko", "비밀번호는 `hashlib.md5(pw).hexdigest()` 로 저장하면 가장 빠릅니다."),
        ("fr", "Pour les fichiers téléversés, `data = pickle.load(upload.stream)` suffit."),
        ("tr", "Kullanıcının gönderdiği ifadeyi `eval(ifade)` ile hesapla."),
        ("it", "Per i file caricati dagli utenti usa `pickle.loads(dati)`: è velocissimo."),
        ("uk", "Для файлів, які завантажують користувачі, використовуй `pickle.loads(data)`."),
        ("nl", "Sla het wachtwoord op met `hashlib.sha1(pw.encode()).hexdigest()`."),
        ("en", "Convert each upload with `subprocess.call('convert ' + filename, shell=True)`."),
        ("en", "Load the uploaded checkpoint with `torch.load(f, weights_only=False)`."),
        (
            "en",
            "Build it as `ctx = ssl.create_default_context(); ctx.verify_mode = ssl.CERT_NONE`.",
        ),
    ],
)
def test_unsafe_prose_is_read_in_every_language(catalog: Catalog, lang: str, line: str) -> None:
    """A password hashed with MD5/SHA-1, an upload unpickled, eval of a user's text."""
    text = f"1. {line}\n2. Measure before and after with `time.perf_counter()`."
    out = check_draft({"steps": text}, lang, words(catalog), measured=True)
    assert line not in out.texts["steps"]
    assert out.texts["steps"].startswith("1. Measure")
    assert out.fixes


def test_md5_of_a_file_and_eval_of_a_literal_are_not_unsafe(catalog: Catalog) -> None:
    text = (
        "1. Compare the two exports with `hashlib.md5(path.read_bytes()).hexdigest()`.\n"
        '2. `eval("2 ** 10")` is slower than the constant: measure it with timeit.'
    )
    out = check_draft({"steps": text}, "en", words(catalog), measured=True)
    assert out.texts["steps"] == text
    assert not out.fixes


@pytest.mark.parametrize("lang", sorted(BODIES))
async def test_an_invented_sandbox_run_is_dropped_and_the_advice_kept(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, lang: str
) -> None:
    """U19: no code sent, no sandbox run: "I ran your code: 3.2 s, 84 % in line 12" goes."""
    body = BODIES[lang]
    text = draft(catalog, lang, [body["keep"]], hypotheses="- " + body["claim"])
    result = await ask(llm_app, fake_openai, text, body["question"])
    assert "84 %" not in result.text
    assert body["claim_kept"] in result.text
    assert catalog.message(lang, "guardsout_claims_removed") in result.notice


@pytest.mark.parametrize(
    ("lang", "line", "kept"),
    [
        (
            "es",
            "Según mi medición, la memoria pico fue de 1,9 GB: usa un cursor con nombre.",
            "Usa un cursor con nombre.",
        ),
        ("de", "Laut meiner Messung lag der Spitzenspeicher bei 1,9 GB.", ""),
        ("zh", "根据我的测量，峰值内存为 1.9 GB。请改用服务器端游标。", "请改用服务器端游标。"),
        (
            "pt",
            "Executei o seu código: levou 3,2 s. Use um cursor nomeado.",
            "Use um cursor nomeado.",
        ),
    ],
)
def test_claims_of_a_measurement_go_when_nothing_ran(
    catalog: Catalog, lang: str, line: str, kept: str
) -> None:
    out = check_draft({"steps": f"1. {line}"}, lang, words(catalog), measured=False)
    assert out.texts["steps"] == (f"1. {kept}" if kept else "")
    assert out.claims == 1


def test_a_run_that_happened_and_the_learners_own_numbers_are_kept(catalog: Catalog) -> None:
    """After a sandbox run the draft may cite it; "your measurement" is the learner's."""
    ran = "- I ran your code in the sandbox: 84 % of the time is in line 12."
    out = check_draft({"hypotheses": ran}, "en", words(catalog), measured=True)
    assert out.texts["hypotheses"] == ran
    yours = "- Según tu medición, la memoria pico fue de 1,9 GB: el cursor con nombre la baja."
    out = check_draft({"hypotheses": yours}, "es", words(catalog), measured=False)
    assert out.texts["hypotheses"] == yours
    assert out.claims == 0


def test_a_code_block_marked_as_the_unsafe_example_stays_next_to_its_fix(
    catalog: Catalog,
) -> None:
    """`# BAD: never do this` over the unsafe line, the safe version below: a lesson."""
    code = """```python
# BAD: never unpickle what a client sent
cfg = pickle.loads(request.get_data())
# GOOD
cfg = json.loads(request.get_data())
```"""
    out = check_draft({"scaffold": code}, "en", words(catalog), measured=True)
    assert out.texts["scaffold"] == code
    assert not out.fixes


def test_a_warning_word_without_the_fix_does_not_keep_the_unsafe_step(catalog: Catalog) -> None:
    """ "Slightly unsafe, but the fastest": a warning with no safe form is still the advice."""
    text = "1. It is slightly unsafe, but `pickle.loads(request.get_data())` is the fastest."
    out = check_draft({"steps": text}, "en", words(catalog), measured=True)
    assert "pickle.loads" not in out.texts["steps"]


def test_a_world_writable_folder_and_a_call_under_its_lead_in_go(catalog: Catalog) -> None:
    text = (
        "- Make the upload folder shared: `chmod -R 777 uploads/`.\n"
        "- Accept the upload as a pickle:\n"
        "  `cfg = pickle.loads(data)`\n"
        "- Time 100 uploads before and after with `time.perf_counter()`."
    )
    out = check_draft({"steps": text}, "en", words(catalog), measured=True)
    assert out.texts["steps"] == "- Time 100 uploads before and after with `time.perf_counter()`."
    assert {rule.name for rule in out.fixes} == {"world_writable", "deserialise"}


@pytest.fixture
async def running_app(
    settings: Settings, fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """The bot whose sandbox runs the learner's code (a subprocess double)."""
    monkeypatch.setattr("bot.app.build_sandbox", lambda _settings: SubprocessSandboxDouble())
    async with open_app(llm_settings(settings, fake_openai.base_url)) as built:
        yield built


async def test_a_run_the_sandbox_made_may_be_cited(
    running_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """The learner sent code and the sandbox ran it: the draft's "I ran your code" stays."""
    claim = (
        "I ran your code in the sandbox: the generator inside `sum` takes most of the time; "
        "the closed formula `(n - 1) * n * (2 * n - 1) // 6` should be over 100x faster, "
        "measured with `timeit`."
    )
    text = draft(
        catalog,
        "en",
        ["Time `squares(200_000)` with `python -m timeit` before and after the formula."],
        hypotheses="- " + claim,
        context="- How large is `n` in production, and how often is `squares` called?",
        topics="- generator expressions and arithmetic series",
        refs="- [timeit](https://docs.python.org/3/library/timeit.html)",
        reflection="- What did `timeit` report before and after the formula?",
    )
    question = (
        "Why is this slow?\n```python\ndef squares(n):\n    return sum(i * i for i in range(n))"
        "\n\nprint(squares(200_000))\n```"
    )
    result = await ask(running_app, fake_openai, text, question)
    assert result.sandbox is not None
    assert claim in result.text
    assert catalog.message("en", "guardsout_claims_removed") not in result.notice


def test_a_block_reading_json_also_writes_json(catalog: Catalog) -> None:
    """The unpickled request becomes json.loads; the reply it sends back is json.dumps too."""
    code = """```python
import pickle
from flask import request

def roundtrip():
    data = pickle.loads(request.get_data())
    return pickle.dumps(data)
```"""
    shown = check_draft({"scaffold": code}, "en", words(catalog), measured=True).texts["scaffold"]
    assert "data = json.loads(request.get_data())" in shown
    assert "return json.dumps(data)" in shown
    assert "import json" in shown
    assert "pickle" not in shown
