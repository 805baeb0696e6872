"""Questions on rarer subjects the base had no unit for are answered from the unit written for them.

The subjects come from the brief's list of less frequent situations (sockets, compressed streams,
file locks, plural forms, typing features, containers) and the dev sets' misses; each question is
worded apart from the unit's own terms and from those sets (other numbers, names and phrasing),
often in another language than the set's, so a unit that only matched its own vocabulary fails.
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "Our little RPC client sends a 12-byte header with sock.send and then the body with "
            "another send; every call takes almost exactly 40 ms even on localhost. Why?",
            "networking.nagle-delayed-ack",
        ),
        (
            "de",
            "Wenn morgens 3.000 Geräte gleichzeitig verbinden, brauchen manche connect()-Aufrufe "
            "genau 1 oder 3 Sekunden, obwohl unser Server kaum CPU nutzt. Woran liegt das?",
            "networking.listen-backlog-reuseport",
        ),
        (
            "ru",
            "Наше приложение показывает «1 файлов», «2 файлов», «5 файл» — склонение после чисел "
            "неправильное в польском и русском переводе. Как это правильно сделать с gettext?",
            "stdlib.gettext-plural-forms",
        ),
        (
            "fr",
            "Je décompresse un .gz produit par plusieurs `cat` successifs avec zlib.decompressobj "
            "et je ne récupère que les premières 40 000 lignes sur 2 millions. Pourquoi ?",
            "stdlib.compressed-stream-members",
        ),
        (
            "es",
            "Dos servidores escriben el mismo contador en un recurso NFS protegido con fcntl.flock "
            "y aun así perdemos incrementos. ¿No debería bastar el bloqueo?",
            "stdlib.file-locking-fcntl-nfs",
        ),
        (
            "it",
            "Devo leggere un export XML da 6 GB con milioni di elementi <prodotto> e "
            "ElementTree.parse finisce la RAM del container da 8 GB. Come lo leggo?",
            "stdlib.xml-iterparse-memory",
        ),
        (
            "pl",
            "Nasz serwis po kilku godzinach pada z błędem OSError: [Errno 24] Too many open "
            "files, a liczba wpisów w /proc/PID/fd ciągle rośnie. Jak znaleźć przyczynę?",
            "stdlib.fd-leak-too-many-open-files",
        ),
        (
            "nl",
            "Onze zoekfunctie doet WHERE omschrijving LIKE '%term%' op 4 miljoen rijen in SQLite en "
            "duurt 5 seconden. We willen resultaten op relevantie, zonder aparte zoekserver.",
            "databases.sqlite-fts5-search",
        ),
        (
            "ja",
            "TypeVar と Generic[T] を使ったライブラリを Python 3.12 の新しいジェネリクス構文に"
            "書き換えたいのですが、3.9 のユーザーもまだいます。",
            "tooling.typing-pep695-syntax",
        ),
        (
            "en",
            "My helper def is_int_list(xs: list[object]) -> bool works at runtime, but after "
            "`if is_int_list(rows):` mypy still thinks rows is list[object]. How do I teach it?",
            "tooling.typing-typeis-narrowing",
        ),
        (
            "tr",
            "Starlette uygulamamız 1 GB'lık yedek dosyalarını 32 KB'lık parçalar halinde okuyup "
            "gönderiyor; 300 eşzamanlı indirmede CPU %100 oluyor. Daha verimli yolu ne?",
            "webapi.large-file-downloads",
        ),
        (
            "zh",
            "用 ctypes 调用 C 库的 create_handle() 返回一个指针，在 64 位 Linux 上传回 "
            "process(handle) 时偶尔段错误，32 位上没问题。",
            "ffi.ctypes-argtypes-restype",
        ),
        (
            "ko",
            "쿠버네티스에서 CPU limit 2인 파드 안에서 os.cpu_count()가 48을 돌려줘서 워커를 48개"
            " 띄웠더니 p99 지연이 튀고 CPU 사용률은 낮게 나와요.",
            "profiling.container-cpu-quota",
        ),
        (
            "uk",
            "Завантажую JSON-файл на 5 ГБ через json.load, і процес з'їдає понад 40 ГБ пам'яті. "
            "Там масив записів; як обробити його, не читаючи все одразу?",
            "stdlib.json-large-file-streaming",
        ),
        (
            "pt",
            "Com pytest-cov a suíte passou de 7 para 20 minutos no Python 3.12, e os testes que "
            "chamam a CLI por subprocess aparecem com 0% de cobertura.",
            "testing.coverage-sysmon-core",
        ),
        (
            "de",
            "Wir legen 400 Millionen kleine JSON-Ereignisse (je ca. 500 Byte) einzeln in Redis ab; "
            "gzip pro Eintrag spart kaum etwas. Wie bekommen wir sie deutlich kleiner?",
            "stdlib.zstd-dictionary-small-messages",
        ),
        (
            "es",
            "Calculo medias móviles de 512 muestras sobre una señal de 30 millones de puntos "
            "apilando cortes con np.stack y la memoria explota. ¿Hay forma sin copiar?",
            "numerics.sliding-window-view",
        ),
        (
            "fr",
            "J'ai compilé CPython 3.13 avec le JIT expérimental et mon benchmark ne va pas plus "
            "vite du tout. Est-ce qu'il est vraiment actif, et sur quel code peut-il aider ?",
            "profiling.cpython-experimental-jit",
        ),
        (
            "en",
            "Our Python worker holds a 30 GB in-memory index and calls subprocess.run(['convert', "
            "...]) for each image; sometimes it fails with OSError: [Errno 12] Cannot allocate "
            "memory even though the machine has free RAM.",
            "stdlib.subprocess-spawn-from-large-process",
        ),
        (
            "it",
            "Uso watchdog per elaborare i CSV che arrivano in una cartella montata da Windows nel "
            "container Docker, ma alcuni file non generano nessun evento e altri li leggo "
            "incompleti.",
            "stdlib.file-watching-events",
        ),
        (
            "ko",
            "의존성 라이브러리를 올렸더니 몇 년 동안 DeprecationWarning만 뜨던 함수가 제거돼서 "
            "배포가 깨졌어요. 테스트에서 미리 잡으려면 어떻게 하나요?",
            "testing.deprecation-warnings-as-errors",
        ),
    ],
)
def test_question_reaches_the_unit_written_for_its_situation(
    language: str, question: str, unit: str
) -> None:
    """The reply is composed from the unit about the situation, in the learner's language."""
    assert unit in answer(question, language).units
