"""Legitimate questions that sound alarming get units of THEIR subject (review12 V10).

Deleting old files, a process burning CPU after a break-in, a suspicious mail's headers, one's
own Fernet file, a GDPR erasure, the top IPs of a huge log, a batch of images on CPU cores: each
was answered with another subject's units (Dependabot, gRPC, keylogger detection, CI supply
chain, Alembic). Every wording here is new (not the review's, not the units' own terms).
"""

from __future__ import annotations

import pytest

from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "Our /srv/exports folder keeps filling the disk. How do I write a Python cleanup that "
            "removes CSVs older than 14 days without touching anything outside that folder?",
            "stdlib.delete-old-files-safely",
        ),
        (
            "fr",
            "Mon serveur perso tourne à 100 % de CPU depuis hier, je crains un mineur après une "
            "intrusion. Comment lister en Python les processus suspects ?",
            "security.suspicious-process-triage",
        ),
        (
            "de",
            "Eine Kollegin hat eine verdächtige E-Mail mit ZIP-Anhang gemeldet. Wie lese ich mit "
            "Python die Header und prüfe den Anhang, ohne ihn zu öffnen?",
            "security.suspicious-mail-inspection",
        ),
        (
            "pt",
            "Criptografei um backup com Fernet no ano passado e agora o decrypt dá InvalidToken, "
            "mas eu tenho a chave. O que pode estar errado?",
            "security.fernet-decrypt-own-file",
        ),
        (
            "ja",
            "GDPR の削除請求が届いたので、ある顧客のデータを PostgreSQL から完全に消すスクリプトを"
            "書きたいです。",
            "databases.gdpr-erasure-request",
        ),
        (
            "tr",
            "40 GB'lık erişim logunda en çok istek atan 50 IP'yi Python ile nasıl bulurum? Şu an "
            "regex ile 20 dakika sürüyor.",
            "stdlib.log-count-per-key",
        ),
        (
            "zh",
            "用 Pillow 把 20 万张照片缩成缩略图要 2 小时，机器有 8 核，怎么加快？",
            "profiling.image-batch-cpu-cores",
        ),
    ],
)
def test_the_reply_leads_with_the_unit_of_its_subject(
    language: str, question: str, unit: str
) -> None:
    reply = answer(question, language)
    assert reply.units, question
    assert reply.units[0] == unit, reply.units
