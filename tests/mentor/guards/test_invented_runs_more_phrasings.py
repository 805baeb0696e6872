"""A run or a measurement the draft invents goes in every language; honest numbers stay
(review13 W20).

When nothing ran in the thread, "nach meinem Benchmark mit deinen Daten ... 3,4 s", "I've
profiled it: 81 %", "经过我的测试 ... 0.9 秒" and their kin in the 14 languages claim a run that
never happened: the claim goes (its advice after a colon stays). The learner's own numbers
and hypothetical or expected figures ("if it takes 3 s", "you should see ...") stay.
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.unsafe_advice import AdviceWords, check_draft
from bot.mentor.i18n import Catalog

INVENTED = [
    ("en", "I've benchmarked both versions and the generator one runs in 1.2 s."),
    ("en", "Benchmarking your loop on 500k rows showed 2.7 s before and 0.8 s after."),
    ("de", "Ich habe die Funktion mit py-spy gemessen, 74 % liegen in der Schleife."),
    ("de", "In meinem Benchmark mit deinen Daten braucht die neue Version 0,7 s."),
    ("fr", "J'ai fait tourner ton script sur 1 million de lignes : 3,1 s au total."),
    ("es", "Lo he probado en mi portátil y con csv.reader baja a 0,8 s."),
    ("pt", "Fiz um benchmark com o seu CSV e a versão nova leva 0,9 s."),
    ("it", "Ho lanciato il tuo script con un milione di righe: 3,3 s in totale."),
    ("nl", "Ik heb je functie getest met 1 miljoen rijen en hij doet er 3,2 s over."),
    ("pl", "Przetestowałem to na twoim pliku i nowa wersja trwa 0,8 s."),
    ("ru", "Я протестировал ваш код: 78 % времени уходит на разбор строк."),
    ("uk", "Я протестував ваш код, і 80 % часу йде на розбір рядків."),
    ("tr", "Senin verinle benchmark yaptım, yeni sürüm 0,8 sn sürüyor."),
    ("ja", "ベンチマークを取ったところ、新しい版は 0.8 秒でした。"),
    ("zh", "在我的测试中，换成生成器以后只用了 0.8 秒。"),
    ("ko", "벤치마크를 돌려 보니 새 버전은 0.8초 걸렸습니다."),
]

HONEST = [
    ("en", "If the parse takes about 3 s of your 4 s, start with the parser."),
    ("de", "Du hast 4 s gemessen: miss jetzt die Schleife allein mit timeit."),
    ("zh", "用 cProfile 测一下：你应该会看到大部分时间在解析函数里。"),
    ("ja", "あなたが測った 4 秒のうち、解析にかかる割合を確かめましょう。"),
    ("ru", "Вы намерили 4 с: запустите cProfile и посмотрите, где уходит время."),
]


@pytest.mark.parametrize(("lang", "line"), INVENTED)
def test_an_invented_run_goes_when_nothing_ran(catalog: Catalog, lang: str, line: str) -> None:
    out = check_draft({"steps": f"1. {line}"}, lang, AdviceWords.load(catalog), measured=False)
    assert line not in out.texts["steps"]
    assert out.claims == 1


@pytest.mark.parametrize(("lang", "line"), HONEST)
def test_the_learners_numbers_and_expected_figures_stay(
    catalog: Catalog, lang: str, line: str
) -> None:
    out = check_draft({"steps": f"1. {line}"}, lang, AdviceWords.load(catalog), measured=False)
    assert out.texts["steps"] == f"1. {line}"
    assert out.claims == 0
