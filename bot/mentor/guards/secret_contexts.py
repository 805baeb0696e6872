"""Secrets a learner pastes that only their context marks.

A signed URL's signature, a registry's `auth`, a wallet's key or recovery words, a client's
token by position, a session cookie.

review13 W9: each of these was stored verbatim and sent to the model server, one of them under
the notice saying it was redacted. Their values have no fixed shape of their own (a 64-digit
hex string is also a commit or a block hash; twelve words are also a sentence), so each is read
only where the text around it says what it is. `learner_secrets` (secrets.py) adds them to
the values redacted before a message is stored or sent anywhere.
"""

from __future__ import annotations

import re

from bot.mentor.guards.recovery_phrases import recovery_phrases

__all__ = ["context_secrets"]

_SIGNED_URL = re.compile(
    r"[?&](?:sig|signature|x-amz-signature|x-goog-signature|x-amz-security-token|"
    r"x-goog-credential-secret|client_secret|refresh_token|private_token|auth_token|"
    r"access_key|secret_key|sas|skoid|code_verifier)=(?P<value>[^&\s\"'#<>]{8,})",
    re.I,
)
"""A signed URL's signature (Azure SAS `sig=`, S3/GCS presigned `X-Amz-Signature=`) and the
query parameters that carry a secret: whoever holds the URL has its rights until it expires."""

_REGISTRY_AUTH = re.compile(
    r"[\"'](?:auth|identitytoken|registrytoken|_auth|_authtoken)[\"']\s*:\s*[\"']"
    r"(?P<value>[A-Za-z0-9+/=._-]{12,})[\"']",
    re.I,
)
"""A Docker `config.json` `"auth"` (base64 of `user:password`), its identity tokens, npm's
`_auth`: credentials in JSON under a short key the generic key names leave out."""

_NPMRC_AUTH = re.compile(r"(?im)^\s*(?://[^\s=]+:)?_auth(?:token)?\s*=\s*(?P<value>\S{12,})\s*$")

_HEX_KEY_CALL = re.compile(
    r"\b\w*(?:key|Key|KEY|wallet|Wallet|account|Account|signer|Signer|Keypair|secret|Secret)\w*"
    r"\(\s*(?:\w+\s*=\s*)?[\"'](?P<value>(?:0x)?[0-9a-fA-F]{64})[\"']"
)
"""A wallet's private key given to the call that loads it (`Account.from_key("0x4c08...")`,
`Wallet("...")`, `SigningKey.from_string(...)`): a bare 64-digit hex string elsewhere is as
likely a transaction or commit hash, which is the question, not a secret."""

_SEED_WORDS = r"(?P<value>[a-z]{3,8}(?:[ ]+[a-z]{3,8}){11,23})"
_MNEMONIC = re.compile(
    r"(?i:\b\w*(?:mnemonic|seed|phrase|recovery|words|passphrase)\w*)"
    r"\s*(?:=|:|\(|\s)\s*[\"']" + _SEED_WORDS + r"[\"']"
)
_MNEMONIC_CALL = re.compile(
    r"(?i:from_mnemonic|mnemonic_to_seed|to_seed|from_seed_phrase|Mnemonic\(\w*\)\.\w+)"
    r"\(\s*[\"']" + _SEED_WORDS + r"[\"']"
)
"""A wallet's recovery phrase (BIP-39: 12 to 24 lowercase words) given to a name or a call
that says so: the words are the wallet, whoever reads them owns its funds."""
_SEED_PROSE = re.compile(
    r"(?i:seed phrase|recovery phrase|mnemonic|secret recovery|wallet words|frase semilla|"
    r"frase de recupera\w+|phrase de r\u00e9cup\u00e9ration|wiederherstellungsphrase|seed-phrase|"
    r"\u0441\u0438\u0434-\u0444\u0440\u0430\u0437\w*|\u043c\u043d\u0435\u043c\u043e\u043d\u0438\w*|"
    r"\u52a9\u8bb0\u8bcd|\u30cb\u30fc\u30e2\u30cb\u30c3\u30af|\u30b7\u30fc\u30c9\u30d5\u30ec\u30fc\u30ba|"
    r"\uc2dc\ub4dc \ubb38\uad6c|\ubcf5\uad6c \ubb38\uad6c|kurtarma ifadesi)"
    r"[^\n\"'`]{0,40}?[:=\uff1a]?\s*[\"'`]?" + _SEED_WORDS
)
"""The same phrase told in prose ("my seed phrase is: abandon ability ..."), in the
languages learners write."""

_CLIENT_TOKEN = re.compile(
    r"\b\w*(?:Client|Auth|Credentials|Session|Api|API|Connection|connect|login|Login)\("
    r"\s*[\"'][^\"'\n]{2,}[\"']\s*,\s*[\"'](?P<value>[A-Za-z0-9_+/=.-]{16,})[\"']"
)
"""A token passed by position after an id (`twilio.rest.Client("AC3f...", "9f8e...")`,
`Api(key_id, "secret")`): counted when it mixes letters and digits."""

_SESSION_NAMES = (
    r"(?:php|j|asp\.net_|laravel_|ci_|django_)?sess(?:ion)?(?:[_-]?id)?|connect\.sid|"
    r"_?[\w-]*_session|session[_-]?token|remember[_-]?(?:token|me)|auth[_-]?cookie|"
    r"sid|ssid|hsid|apisid|sapisid|__secure-[\w-]+|__host-[\w-]+|li_at|auth_token|ds_user_id"
)
_COOKIE_PAIR = re.compile(
    rf"(?i)(?<![\w.-])[\"']?(?:{_SESSION_NAMES})[\"']?\s*[=:]\s*[\"']?(?P<value>[A-Za-z0-9%._~+/-]{{12,}})"
)
_COOKIE_CONTEXT = re.compile(
    r"(?i)\bcookie[s]?\b|\s-b\s|--cookie|set-cookie|document\.cookie|\.cookies\b"
)
"""A login session's cookie (`Cookie: sessionid=...`, `cookies={"sessionid": ...}`, curl's
`-b`): the cookie is the login itself. Read only where the text speaks of cookies."""

_SHAPES = re.compile(
    r"whsec_[A-Za-z0-9+/=]{24,}|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|sq0(?:atp|csp)-[\w-]{22,}"
    r"|dop_v1_[a-f0-9]{64}|AGE-SECRET-KEY-1[0-9A-Z]{58}|glsa_[A-Za-z0-9_]{32,}"
    r"|lin_api_[A-Za-z0-9]{32,}|ya29\.[\w-]{30,}|1//0[\w-]{30,}|EAA[A-Za-z0-9]{60,}"
    r"|xox[e]-[\w-]{20,}|ATATT3[\w=-]{40,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}"
)
"""More providers' keys by shape (Stripe webhook secrets, Shopify, Square, DigitalOcean, age,
Grafana, Linear, Google OAuth access and refresh tokens, Facebook, Slack refresh, Atlassian)."""


def _mixed(value: str) -> bool:
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


def context_secrets(text: str) -> list[str]:
    """The secret values in `text` that only their context marks (see the module's docstring)."""
    found = [m.group("value") for m in _SIGNED_URL.finditer(text) if _mixed(m.group("value"))]
    found += [m.group("value") for m in _REGISTRY_AUTH.finditer(text)]
    found += [m.group("value") for m in _NPMRC_AUTH.finditer(text)]
    found += [m.group("value") for m in _HEX_KEY_CALL.finditer(text)]
    for pattern in (_MNEMONIC, _MNEMONIC_CALL, _SEED_PROSE):
        found += [m.group("value") for m in pattern.finditer(text)]
    found += recovery_phrases(text)
    found += [m.group("value") for m in _CLIENT_TOKEN.finditer(text) if _mixed(m.group("value"))]
    if _COOKIE_CONTEXT.search(text):
        found += [
            m.group("value").rstrip(".,;")
            for m in _COOKIE_PAIR.finditer(text)
            if _mixed(m.group("value"))
        ]
    found += [m.group(0) for m in _SHAPES.finditer(text)]
    return found
