"""Passwords given to commands and config files are the learner's secrets; look-alikes are not.

review12 V11: `sshpass -p`, connection strings' `AccountKey=`, `.pgpass` and `.netrc` lines and
credential objects were stored and sent whole. The same colons and flags in ordinary text
(an IPv6 address, a timestamp, `--password $PW`) must stay: they are the question.
"""

from __future__ import annotations

import pytest

from bot.mentor.guards.secrets import learner_secrets


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("el deploy usa sshpass -p Oto\u00f1o-2026x ssh root@db", "Oto\u00f1o-2026x"),
        ("sshpass -e -p 'Wint3r#2026' rsync -a dist/ web:/srv", "Wint3r#2026"),
        ("psql fails: pg_dumpall --password=Gr8-Dump-99 -h db", "Gr8-Dump-99"),
        (
            'BlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;'
            'AccountName=logs;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;")',
            "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",
        ),
        (
            "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=Root;"
            "SharedAccessKey=AbC123dEf456GhI789jK=",
            "AbC123dEf456GhI789jK=",
        ),
        ("my pgpass line is db.prod:5432:*:etl:Tr4in-Sp0tting", "Tr4in-Sp0tting"),
        ("```\nlocalhost:5432:shop:app:Ap9!qwertz\n```", "Ap9!qwertz"),
        ("machine git.corp.local login ci password c1-Pass_word", "c1-Pass_word"),
        ('conn = pika.PlainCredentials("guest", "Rb8nTq3wXz")', "Rb8nTq3wXz"),
        ('auth = aiohttp.BasicAuth("bot", "B0t-Secret!")', "B0t-Secret!"),
    ],
)
def test_passwords_in_commands_and_config_lines_are_secrets(text: str, secret: str) -> None:
    assert secret in learner_secrets(text)


@pytest.mark.parametrize(
    "text",
    [
        "the log says 10:30:45:12:abcd then the worker restarts",
        "ping fe80::1:2:3:4 and 2001:4860:4860:0:8888 both answer in 3 ms",
        "use --password $DB_PASSWORD or --password-file /run/secrets/db",
        "sshpass -p $SSHPASS ssh host uptime",
        "python manage.py --pass-through 1234",
        "AccountName=logs;AccountKey=<your key>;EndpointSuffix=core.windows.net",
    ],
)
def test_look_alikes_are_not_secrets(text: str) -> None:
    assert learner_secrets(text) == ()
