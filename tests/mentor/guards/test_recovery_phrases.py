"""review14 X15: a wallet's recovery phrase is a secret whatever words introduce it.

"Моя seed-фраза гаманця: legal winner thank ..." was stored verbatim: the context patterns knew
"seed phrase", "сід-фраза", "助记词"... but not every way to say it. A BIP-39 phrase is found
by what it is (list words whose checksum holds); a run of list words whose checksum fails (an
ordinary sentence, a made-up example) is left alone.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from bot.mentor.guards.recovery_phrases import recovery_phrases
from bot.mentor.guards.secret_contexts import context_secrets

ENGLISH = Mnemonic("english")


@settings(max_examples=60, deadline=None)
@given(
    entropy=st.sampled_from((16, 20, 24, 28, 32)).flatmap(
        lambda n: st.binary(min_size=n, max_size=n)
    ),
    lead=st.sampled_from(
        (
            "Моя seed-фраза гаманця: ",
            "我的钱包恢复词是 ",
            "Backup of the Ledger, keep it safe -> ",
            "Frase do meu MetaMask (não compartilhe): ",
            "",
        )
    ),
    language=st.sampled_from(("english", "spanish", "french", "italian", "portuguese")),
)
def test_any_valid_phrase_is_found_whatever_introduces_it(
    entropy: bytes, lead: str, language: str
) -> None:
    phrase = Mnemonic(language).to_mnemonic(entropy)
    text = f"{lead}{phrase}\nWhy are my tests flaky on CI?"
    assert phrase in recovery_phrases(text)
    assert phrase in context_secrets(text)


def test_the_reviewers_ukrainian_message_is_read() -> None:
    text = (
        "Моя seed-фраза гаманця: legal winner thank year wave sausage worth useful legal "
        "winner thank yellow. Чому мої тести на CI то падають, то ні?"
    )
    assert recovery_phrases(text) == [
        "legal winner thank year wave sausage worth useful legal winner thank yellow"
    ]


def test_list_words_whose_checksum_fails_are_not_a_secret() -> None:
    assert recovery_phrases(" ".join(["abandon"] * 12)) == []
    ordinary = (
        "Our daily report job can process every order from each shop and then sort all "
        "items by price before it writes the summary file to disk"
    )
    assert recovery_phrases(ordinary) == []


def test_words_split_by_code_or_punctuation_are_no_phrase() -> None:
    phrase = ENGLISH.to_mnemonic(bytes(range(16))).split()
    assert recovery_phrases(", ".join(phrase)) == []
    assert recovery_phrases("\n\n".join(phrase)) == []
