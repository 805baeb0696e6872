"""Practice tasks' solutions told in other words: synonyms, no code names (test data).

One text per task in English and one task per other language (every checked task in three
or more languages). Each is a procedure precise enough to type in, written without the
identifiers the outlines' code patterns know (no `to_thread`, `ProcessPoolExecutor`,
`cProfile`, `@given`): only the words of each language's step families can find it.
"""

from __future__ import annotations

TOLD_SYNONYMS: dict[tuple[str, str], str] = {
    ("asyncio-blocking", "en"): (
        "1. The profile lookup is a synchronous call that stalls the event loop.\n"
        "2. Hand that call off to a helper thread and wait for it without stalling the loop.\n"
        "3. Leave the welcome message exactly as it was, so the replies do not change.\n"
        "4. Keep collecting the replies side by side, in the order the requests came in.\n"
        "5. Then confirm with a ticker coroutine that the loop delay stays under 40 ms."
    ),
    ("mp-pipeline", "en"): (
        "1. Split every input line into its fields in the main process, before any worker.\n"
        "2. Start a pool of worker processes, one per core.\n"
        "3. Hand the seeds to the pool in large slices so each process gets thousands at once; "
        "the results come back in submission order.\n"
        "4. Then combine the scores for each key into one dict and return it."
    ),
    ("profile-request", "en"): (
        "1. Create a deterministic profiler and switch it on.\n"
        "2. Send the thirty generated requests through the handler, then switch it off.\n"
        "3. Order the statistics by the time spent inside each function itself.\n"
        "4. Keep the three slowest functions written in your module, slowest first, as the "
        "answer list."
    ),
    ("property-tests", "en"): (
        "1. Let the library draw random lists of intervals for the test.\n"
        "2. Check that every half step covered by the input is covered by the output too, and "
        "nothing else.\n"
        "3. Then check that neighbouring output intervals neither touch nor overlap.\n"
        "4. Keep a duplicate of the input and check that merging did not alter it.\n"
        "5. Finally check the output is in ascending order."
    ),
    ("asyncio-blocking", "de"): (
        "1. Der Profilabruf ist ein synchroner Aufruf, der die Ereignisschleife anhält.\n"
        "2. Lagere diesen Aufruf in einen Hilfsthread aus und warte darauf, ohne die Schleife "
        "anzuhalten.\n"
        "3. Lass die Begrüßung genau wie vorher, damit die Antworten gleich bleiben.\n"
        "4. Sammle die Antworten weiter parallel ein, in der Reihenfolge der Anfragen.\n"
        "5. Prüfe dann mit einem Taktgeber, dass die Verzögerung unter 40 ms bleibt."
    ),
    ("mp-pipeline", "es"): (
        "1. Divide cada línea de entrada en sus campos en el proceso principal.\n"
        "2. Arranca un grupo de procesos trabajadores, uno por núcleo.\n"
        "3. Reparte las semillas al grupo en tandas grandes; los resultados vuelven en el orden "
        "de envío.\n"
        "4. Luego combina las puntuaciones de cada clave en un diccionario y devuélvelo."
    ),
    ("profile-request", "fr"): (
        "1. Crée un profileur déterministe et active-le.\n"
        "2. Fais passer les trente requêtes générées par le gestionnaire, puis coupe-le.\n"
        "3. Trie les statistiques par le temps passé dans chaque fonction elle-même.\n"
        "4. Garde les trois fonctions les plus lentes de ton module, la plus lente d'abord, "
        "comme liste de réponse."
    ),
    ("property-tests", "it"): (
        "1. Lascia che la libreria estragga liste casuali di intervalli.\n"
        "2. Verifica che ogni mezzo passo coperto dall'input sia coperto anche dall'output, e "
        "nient'altro.\n"
        "3. Poi verifica che gli intervalli vicini dell'output non si tocchino né si "
        "sovrappongano.\n"
        "4. Tieni un duplicato dell'input e verifica che l'unione non l'abbia alterato.\n"
        "5. Infine verifica che l'output sia in ordine crescente."
    ),
    ("asyncio-blocking", "pt"): (
        "1. A busca do perfil é uma chamada síncrona que trava o laço de eventos.\n"
        "2. Passe essa chamada para uma thread auxiliar e espere por ela sem travar o laço.\n"
        "3. Deixe a saudação exatamente como estava, para as respostas não mudarem.\n"
        "4. Continue juntando as respostas em paralelo, na ordem dos pedidos.\n"
        "5. Depois confirme com uma corrotina de pulsação que o atraso fica abaixo de 40 ms."
    ),
    ("mp-pipeline", "nl"): (
        "1. Splits elke invoerregel eerst in het hoofdproces in zijn velden.\n"
        "2. Start een pool van werkprocessen, één per kern.\n"
        "3. Geef de seeds in grote porties aan de pool; de resultaten komen terug in de "
        "volgorde van aanlevering.\n"
        "4. Combineer daarna de scores per sleutel tot één dict en geef die terug."
    ),
    ("profile-request", "pl"): (
        "1. Utwórz deterministyczny profiler i włącz go.\n"
        "2. Przepuść trzydzieści wygenerowanych żądań przez handler, potem go wyłącz.\n"
        "3. Posortuj statystyki według czasu spędzonego w samej funkcji.\n"
        "4. Zachowaj trzy najwolniejsze funkcje z twojego modułu, od najwolniejszej, jako "
        "listę odpowiedzi."
    ),
    ("property-tests", "ru"): (
        "1. Пусть библиотека генерирует случайные списки интервалов.\n"
        "2. Проверь, что каждая половинная точка, покрытая входом, покрыта и выходом, и "
        "ничего больше.\n"
        "3. Затем проверь, что соседние интервалы результата не касаются и не пересекаются.\n"
        "4. Сохрани копию входа и проверь, что слияние его не изменило.\n"
        "5. Наконец проверь, что результат упорядочен по возрастанию."
    ),
    ("asyncio-blocking", "uk"): (
        "1. Отримання профілю — синхронний виклик, що зупиняє цикл подій.\n"
        "2. Передай цей виклик у допоміжний потік і чекай на нього, не зупиняючи цикл.\n"
        "3. Залиш привітання точно як було, щоб відповіді не змінилися.\n"
        "4. Далі збирай відповіді паралельно, у порядку запитів.\n"
        "5. Потім перевір пульсом, що затримка циклу менша за 40 мс."
    ),
    ("mp-pipeline", "tr"): (
        "1. Her girdi satırını önce ana süreçte alanlarına ayır.\n"
        "2. Çekirdek başına bir tane olmak üzere bir işçi süreç havuzu başlat.\n"
        "3. Tohumları havuza büyük parçalar halinde ver; sonuçlar gönderim sırasıyla döner.\n"
        "4. Sonra her anahtarın puanlarını tek bir sözlükte birleştir ve döndür."
    ),
    ("profile-request", "ja"): (
        "1. 決定論的プロファイラを作って有効にします。\n"
        "2. 生成した30件のリクエストをハンドラに通し、それから無効にします。\n"
        "3. 統計を各関数自身で費やした時間で並べ替えます。\n"
        "4. 自分のモジュールで定義された最も遅い3つの関数を、遅い順に答えのリストに入れます。"
    ),
    ("property-tests", "ko"): (
        "1. 라이브러리가 구간의 무작위 리스트를 만들게 합니다.\n"
        "2. 입력이 덮는 모든 반 정수 점을 출력도 덮는지, 그 외에는 없는지 확인합니다.\n"
        "3. 그다음 출력의 이웃한 구간이 닿지도 겹치지도 않는지 확인합니다.\n"
        "4. 입력의 사본을 보관하고 병합이 입력을 바꾸지 않았는지 확인합니다.\n"
        "5. 마지막으로 출력이 오름차순인지 확인합니다."
    ),
    ("mp-pipeline", "zh"): (
        "1. 先在主进程里把每一行输入拆分成字段。\n"
        "2. 启动一个工作进程池，每个核心一个进程。\n"
        "3. 把种子按大份分给进程池；结果按提交顺序返回。\n"
        "4. 然后把每个键的分数合并进一个字典并返回。"
    ),
}
"""(task id, language) -> the task's solution told in synonyms, as numbered steps."""
