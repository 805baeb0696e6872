"""review12 V3: unsafe advice outside the first nine shapes, and the known classes in prose.

A careless draft telling the learner to unpack an uploaded tar without a filter, load uploaded
arrays with `allow_pickle=True`, decode a JWT without checking it, run `debug=True` on a server
others reach, make a reset token with `random`, hand a request's text to `df.query`/`sympify`,
hash passwords with a bare SHA-256, run `sh -c` with an f-string, allow any CORS origin with
credentials or exempt a login form from CSRF loses that advice (or gets its safe form), with the
one-line notice. In every one of the 14 languages, prose naming the known classes in words
(certificate check turned off, a password written into the code, 777 on a folder, a pickle of
what a user sends) goes too. A draft that names these as dangers, with the fix, is shown whole.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor.guards.advice_rules import load_rules
from bot.mentor.guards.unsafe_advice import check_draft
from bot.mentor.i18n import Catalog
from tests.fakes.openai_server import FakeOpenAI, compose
from tests.mentor.guards.test_unsafe_advice import ask, shown_sections, words

KEEP = "Time 50 requests before and after with `time.perf_counter()`."


def steps(catalog: Catalog, lang: str, line: str) -> tuple[str, set[str]]:
    text = f"1. {line}\n2. {KEEP}"
    out = check_draft({"steps": text}, lang, words(catalog), measured=True)
    return out.texts["steps"], {rule.name for rule in out.fixes}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "Save the sent bundle straight away: "
            "`tarfile.open(fileobj=request.files['bundle']).extractall(media_root)`.",
            "tar_extract",
        ),
        (
            "Unpack what the client posted with `shutil.unpack_archive(uploaded_path, '/srv/in')`.",
            "tar_extract",
        ),
        (
            "Read the client's matrices with `numpy.load(request.files['m'], allow_pickle=True)`.",
            "deserialise_other",
        ),
        (
            "Trust the bearer token as is: `claims = jwt.decode(bearer, "
            "options={'verify_signature': False})`.",
            "jwt_unverified",
        ),
        (
            "Read the token with `jwt.decode(bearer, key, algorithms=['none'])` to save time.",
            "jwt_unverified",
        ),
        (
            "Let your colleagues try it over the LAN: `app.run(host='0.0.0.0', port=8000, "
            "debug=True)`.",
            "debug_exposed",
        ),
        (
            "Generate the invite code with `random.randint(100000, 999999)`.",
            "random_secret",
        ),
        (
            "Build the API key as `''.join(random.choices(string.hexdigits, k=32))`.",
            "random_secret",
        ),
        (
            "Let users filter the table themselves: `df.query(request.GET['where'])`.",
            "eval_query",
        ),
        (
            "Compute the submitted formula with `pd.eval(request.form['formula'])`.",
            "eval_query",
        ),
        (
            "Simplify what the student typed with `sympy.sympify(payload['expr'])`.",
            "eval_query",
        ),
        (
            "Keep the user's password as `hashlib.sha512(pw.encode()).hexdigest()`.",
            "weak_password_hash",
        ),
        (
            "Resize each upload: `subprocess.run(['/bin/sh', '-c', f'magick {upload.filename} "
            "-resize 50% small.jpg'])`.",
            "shell",
        ),
        (
            "For the SPA use `allow_origins=['*']` and `allow_credentials=True` in CORSMiddleware.",
            "cors_credentials",
        ),
        ("Put `@csrf_exempt` on the signup view so the form posts faster.", "csrf_off"),
        (
            "Hardcode the Stripe API key in settings.py so the worker starts faster.",
            "secret_in_code_words",
        ),
    ],
)
def test_unsafe_advice_outside_the_first_kinds_goes(catalog: Catalog, line: str, kind: str) -> None:
    shown, kinds = steps(catalog, "en", line)
    assert shown == f"1. {KEEP}"
    assert kind in kinds


def test_a_code_block_gets_the_safe_forms(catalog: Catalog) -> None:
    """extractall gets filter="data", debug goes off, random.choice becomes secrets.choice."""
    code = """```python
import random
import string
import tarfile

from flask import Flask, request

app = Flask(__name__)

@app.post("/import")
def import_bundle():
    with tarfile.open(fileobj=request.files["bundle"]) as tar:
        tar.extractall("/srv/bundles")
    reset_token = "".join(random.choice(string.ascii_letters) for _ in range(24))
    return reset_token

app.run(host="0.0.0.0", debug=True)
```"""
    out = check_draft({"scaffold": code}, "en", words(catalog), measured=True)
    shown = out.texts["scaffold"]
    assert 'tar.extractall("/srv/bundles", filter="data")' in shown
    assert "secrets.choice(string.ascii_letters)" in shown
    assert "import secrets" in shown
    assert 'app.run(host="0.0.0.0", debug=False)' in shown
    assert {"tar_extract", "random_secret", "debug_exposed"} <= {r.name for r in out.fixes}


@pytest.mark.parametrize(
    "line",
    [
        'Unpack the uploaded bundle with `tar.extractall(dest, filter="data")` (Python 3.12+).',
        'Never call `tar.extractall(dest)` on an upload: pass `filter="data"` so no member '
        "writes outside `dest`.",
        "Never use `np.load(upload, allow_pickle=True)` on uploads: keep `allow_pickle=False` "
        "and send arrays as `.npy` without objects, or parse `json.loads`.",
        "Decode the bearer token with `jwt.decode(bearer, key, algorithms=['RS256'])`.",
        "Never use `jwt.decode(t, options={'verify_signature': False})` for logins: it accepts "
        "forged tokens; verify with `jwt.decode(t, key, algorithms=['HS256'])` instead.",
        "Profile it locally with `app.run(debug=True)` on your laptop.",
        "Make the reset token with `secrets.token_urlsafe(32)`.",
        "Pick a sample for the benchmark: `random.choice(tokens)` over the corpus.",
        "Roll the dice in the game loop with `random.randint(1, 6)`.",
        "Filter rows with `df.query('amount > 100')` instead of a Python loop.",
        "Call `model.eval()` before running the uploaded images through the network.",
        "Look users up with `session.query(User).filter(User.id == request.args['id'])`.",
        "Deduplicate uploads by `hashlib.sha256(data).hexdigest()` of their bytes.",
        "Derive the password hash with `hashlib.pbkdf2_hmac('sha256', pw.encode(), salt, 600_000)`.",
        "Run `subprocess.run(['convert', name, 'out.png'], check=True)` for each upload.",
        "The Stripe webhook view needs `@csrf_exempt` and a check of the Stripe signature.",
        "Allow `CORS_ALLOWED_ORIGINS = ['https://app.example.com']` with "
        "`CORS_ALLOW_CREDENTIALS = True`.",
        "Move the database password that is in your code to an environment variable.",
        "Don't turn off JWT signature checks to save the round-trip: cache the JWKS instead.",
        "Keep the chunk size as a constant: `CHUNK = 64 * 1024`.",
        "Keep the max token count as a constant: `MAX_TOKENS = 4096`.",
    ],
)
def test_a_draft_naming_them_as_dangers_or_look_alikes_is_kept(catalog: Catalog, line: str) -> None:
    shown, kinds = steps(catalog, "en", line)
    assert shown == f"1. {line}\n2. {KEEP}"
    assert not kinds


PROSE: dict[str, list[str]] = {
    "en": [
        "Turn off certificate checking for the whole requests session so the error goes away.",
        "Write the database password directly in the code as a constant in config.py.",
        "Give the uploads folder full permissions (777) so the worker can write.",
        "Read the settings file each user sends with pickle: it is faster than JSON.",
    ],
    "pt": [
        "Desabilite a checagem do certificado TLS no cliente HTTP para o erro parar.",
        "Coloque a senha do Postgres fixa no código, em uma constante do módulo.",
        "Aplique chmod 777 na pasta de uploads para o worker gravar nela.",
        "Carregue com pickle os arquivos que o cliente envia, é o formato mais rápido.",
    ],
    "es": [
        "Desactiva la verificación del certificado SSL en la sesión para que el error desaparezca.",
        "Pon la contraseña de la base de datos directamente en el código, en una constante.",
        "Dale permisos 777 a la carpeta de subidas para que el proceso pueda escribir.",
        "Deserializa con pickle el archivo que sube el usuario: es más rápido que JSON.",
    ],
    "fr": [
        "Désactive la vérification du certificat dans la session requests pour que l'erreur "
        "disparaisse.",
        "Écris le mot de passe de la base directement dans le code, dans une constante.",
        "Donne les droits 777 au dossier d'upload (chmod) pour que le worker puisse écrire.",
        "Charge avec pickle le fichier que l'utilisateur envoie, c'est plus rapide que JSON.",
    ],
    "de": [
        "Deaktiviere die Zertifikatsprüfung in der Session, dann ist der Fehler weg.",
        "Schreib das Datenbank-Passwort direkt in den Code, als Konstante in settings.py.",
        "Setze die Rechte des Upload-Ordners auf 777, damit der Worker schreiben kann.",
        "Lade die hochgeladenen Konfigurationen mit pickle, das ist schneller als JSON.",
    ],
    "it": [
        "Disattiva la verifica del certificato nella sessione così l'errore sparisce.",
        "Metti la password del database direttamente nel codice, in una costante.",
        "Dai i permessi 777 alla cartella degli upload così il worker può scrivere.",
        "Carica con pickle il file che l'utente invia: è più veloce di JSON.",
    ],
    "nl": [
        "Schakel de certificaatcontrole uit in de sessie, dan verdwijnt de fout.",
        "Zet het databasewachtwoord direct in de code, als constante in settings.py.",
        "Geef de uploadmap rechten 777 (chmod) zodat de worker kan schrijven.",
        "Lees het bestand dat de gebruiker uploadt in met pickle, dat is sneller dan JSON.",
    ],
    "pl": [
        "Wyłącz weryfikację certyfikatu w sesji requests, a błąd zniknie.",
        "Wpisz hasło do bazy bezpośrednio w kodzie, jako stałą w settings.py.",
        "Nadaj folderowi uploadów uprawnienia 777, żeby worker mógł zapisywać.",
        "Wczytuj pickle z plików, które przesyła użytkownik: to szybsze niż JSON.",
    ],
    "ru": [
        "Отключи проверку сертификата во всей сессии requests, и ошибка пропадёт.",
        "Запиши пароль от базы прямо в коде, константой в settings.py.",
        "Выставь папке загрузок права 777, чтобы воркер мог писать.",
        "Загружай через pickle файлы, которые присылает пользователь: это быстрее JSON.",
    ],
    "uk": [
        "Вимкни перевірку сертифіката в сесії requests, і помилка зникне.",
        "Запиши пароль до бази прямо в коді, константою в settings.py.",
        "Дай папці завантажень права 777, щоб воркер міг писати.",
        "Завантажуй через pickle файли, які надсилає користувач: це швидше за JSON.",
    ],
    "tr": [
        "Hata gitsin diye oturumda sertifika doğrulamasını devre dışı bırak.",
        "Veritabanı şifresini doğrudan koda, settings.py içinde bir sabite yaz.",
        "Worker yazabilsin diye yükleme klasörüne 777 izni ver.",
        "Kullanıcının yüklediği dosyayı pickle ile aç, JSON'dan hızlıdır.",
    ],
    "ja": [
        "セッション全体で証明書の検証を無効にすればエラーは消えます。",
        "データベースのパスワードはコードに直接、定数として書いてください。",
        "ワーカーが書き込めるようにアップロード用フォルダの権限を 777 にします。",
        "ユーザーがアップロードした設定ファイルは pickle で読み込むと JSON より速いです。",
    ],
    "zh": [
        "在整个 session 里关闭证书验证，错误就没了。",
        "把数据库密码直接写在代码里，作为 settings.py 的常量。",
        "把上传目录的权限设为 777，让 worker 能写入。",
        "用户上传的配置文件用 pickle 反序列化，比 JSON 快。",
    ],
    "ko": [
        "세션 전체에서 인증서 검증을 끄면 오류가 사라집니다.",
        "데이터베이스 비밀번호를 코드에 직접 상수로 넣으세요.",
        "워커가 쓸 수 있도록 업로드 폴더 권한을 777로 주세요.",
        "사용자가 업로드한 설정 파일은 pickle로 읽으면 JSON보다 빠릅니다.",
    ],
}


@pytest.mark.parametrize("lang", sorted(PROSE))
def test_the_known_classes_in_prose_go_in_every_language(catalog: Catalog, lang: str) -> None:
    """TLS check off, a password in the code, 777, pickle of an upload: words, no call."""
    lines = PROSE[lang]
    text = "\n".join(f"{n}. {line}" for n, line in enumerate([*lines, KEEP], start=1))
    out = check_draft({"steps": text}, lang, words(catalog), measured=True)
    assert out.texts["steps"] == f"1. {KEEP}"
    assert {r.name for r in out.fixes} == {
        "tls_off",
        "secret_in_code_words",
        "world_writable",
        "deserialise",
    }


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("pt", "Nunca guarde a senha do banco diretamente no código: leia de `os.environ`."),
        ("de", "Speichere nie das Passwort direkt im Code; lies es aus `os.environ`."),
        ("ja", "パスワードをコードに直接書かないでください。`os.environ` から読み込みます。"),
        ("es", "Nunca desactives la verificación del certificado: usa el `cafile` del proxy."),
        ("en", "Never put the API key directly in the code; read it with `os.getenv`."),
    ],
)
def test_the_known_classes_warned_against_in_prose_are_kept(
    catalog: Catalog, lang: str, line: str
) -> None:
    shown, kinds = steps(catalog, lang, line)
    assert shown == f"1. {line}\n2. {KEEP}"
    assert not kinds


def test_every_condition_names_a_word_list(catalog: Catalog) -> None:
    """A kind's `prose_when`/`words_when` is one of the per-language lists, filled in 14."""
    loaded = words(catalog)
    for rule in load_rules():
        names = f"{rule.prose_when}+{rule.words_when}+{rule.prose_unless}".split("+")
        for name in filter(None, names):
            lists = loaded.named(name)
            assert len(lists) == 14, (rule.name, name)


def test_arrays_read_from_an_awaited_stream_are_outside_input(catalog: Catalog) -> None:
    """`await doc.read()` is what a client sent (an UploadFile): allow_pickle=True goes."""
    code = """```python
async def handle(doc):
    raw = await doc.read()
    matrix = np.load(io.BytesIO(raw), allow_pickle=True)
    return matrix.shape
```"""
    out = check_draft({"scaffold": code}, "en", words(catalog), measured=True)
    assert "allow_pickle=True" not in out.texts["scaffold"]
    assert "return matrix.shape" in out.texts["scaffold"]


async def test_the_learner_sees_the_careless_steps_go_and_is_told(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Through the service: an upload endpoint's careless draft loses its tar, JWT, debug and
    random-token steps; the notice names each change; the measuring step stays."""
    steps = [
        "Skip the copy: `tarfile.open(fileobj=request.files['pkg']).extractall(STORE)`.",
        "Read who is calling from the header: `jwt.decode(hdr, options={'verify_signature': "
        "False})`.",
        "Try it from your tablet: `app.run(host='0.0.0.0', debug=True)`.",
        "Give each download link a token from `random.choice(ALPHABET)` repeated 12 times.",
        KEEP,
    ]
    text = compose(
        list(catalog.headings("en").values()),
        (
            "- How many packages per minute reach the endpoint?",
            "- Unpacking each package dominates the 2 s per upload.",
            "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1)),
            "",
            "- file uploads in Flask",
            "- [tarfile](https://docs.python.org/3/library/tarfile.html)",
            "- What did 50 requests take before and after?",
        ),
    )
    question = (
        "My Flask endpoint unpacks uploaded packages and takes 2 s each. How do I speed it up?"
    )
    result = await ask(llm_app, fake_openai, text, question)
    shown = shown_sections(result)
    for gone in ("extractall(STORE)", "verify_signature", "debug=True", "random.choice"):
        assert gone not in shown
    assert KEEP in shown
    for label in ("extractall()", "jwt.decode(verify_signature=False)"):
        assert label in result.notice
    assert "DEBUG = True" in result.notice
    assert "random.choice(...)" in result.notice


@pytest.mark.parametrize(
    ("lang", "line", "kind"),
    [
        ("pt", "Em produção deixe `DEBUG = True` para ver os erros.", "debug_exposed"),
        ("ja", "本番サーバーでも `DEBUG = True` のままにしてください。", "debug_exposed"),
        ("de", "Erzeuge den Bestätigungscode mit `random.randint(0, 999999)`.", "random_secret"),
        ("zh", "用 `random` 模块生成重置令牌。", "random_secret"),
        ("es", "Genera la contraseña temporal con el módulo `random`.", "random_secret"),
        ("ko", "JWT 서명 검증을 끄면 왕복이 줄어듭니다.", "jwt_unverified"),
        ("ru", "Отключи проверку подписи JWT, чтобы не ходить за ключами.", "jwt_unverified"),
        ("it", "Disattiva il controllo CSRF sulla vista di login.", "csrf_off"),
        (
            "uk",
            "Розпакуй архів, який завантажує користувач, через `tar.extractall(dest)`.",
            "tar_extract",
        ),
        ("nl", "Laat gebruikers zelf filteren met `df.query(request.args['q'])`.", "eval_query"),
        ("tr", "Veritabanı parolasını doğrudan koda yaz.", "secret_in_code_words"),
        ("zh", "把 API 密钥硬编码在 settings.py 里。", "secret_in_code_words"),
    ],
)
def test_the_new_kinds_are_read_in_the_draft_language(
    catalog: Catalog, lang: str, line: str, kind: str
) -> None:
    """ "In production", "reset token", "turn off … JWT": the conditions in the draft's words."""
    shown, kinds = steps(catalog, lang, line)
    assert shown == f"1. {KEEP}"
    assert kind in kinds
