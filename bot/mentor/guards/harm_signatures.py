"""Harm told by a block's raw text in any language: what the program does, as cue groups.

`ast` reads Python; Go, Rust, C#, PowerShell, AppleScript, VBA, SQL and shell are read here by
the acts a harmful program must combine (every group of a signature matches), never by one
word: a shell wired to a connection to someone's address (a reverse shell), a download run
hidden, key capture sent away, a login-time start disguised as the system's own, logs and
audit switched off, an injection that dumps the accounts table, recent audit rows deleted,
data spelled into DNS names, ARP replies forged, clients deauthenticated, stored logins or
keys read and sent, a miner started hidden, personal folders sent to a bot, a fake password
prompt, a mailbox forwarded with the copies deleted, a breach list replayed on a login.
Each group is one regex; a signature is tried only when its first group's literal cue is
in the lowercased text (most blocks hold none), so a clean block costs a few `in` tests.
Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.I | re.S
_REMOTE_ADDR = (
    r"(?:[\"'`(]|://|\s)(?!127\.|0\.0\.0\.0|localhost|10\.0\.2\.2)"
    r"(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d{2,5}|[\"'`, ]+\d{2,5})"
)
"""A host or address with a port that is not this machine."""
_REMOTE_HOST = r"[\"'](?!127\.|0\.0\.0\.0|localhost)(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})[\"':]"
"""A host or address that is not this machine, quoted (the port may be a separate argument)."""


_PRIVATE_READ = (
    r"(?:~/\.(?:ssh|aws|gnupg|kube|config/gcloud)\b(?![/\w.-]*\.pub\b)|"
    r"/home/(?:\*|(?!\$USER)[a-z][\w.-]*)/|\.\w*_history\b|wireless-security\.psk|"
    r"\$HOME/\.(?:netrc|git-credentials|ssh|aws)(?![/\w.-]*\.pub\b)|"
    r"\$\{?(?:CI_JOB_TOKEN|AWS_SECRET_ACCESS_KEY|DEPLOY_KEY|GITHUB_TOKEN|NPM_TOKEN)\b|"
    r"(?:^|\n|run:)\s*(?:env|printenv)\s*\|)"
)
"""What only its owner should read: keys, shell history, another user's home, CI secrets."""
_NET_SINK = (
    r"(?:\bcurl\b[^\n]{0,200}(?:-d\b|--data|-F\b|-T\b|--upload-file)|"
    r"\|\s*(?:nc|ncat|netcat)\s|\b(?:scp|rsync)\b(?=[^\n]*\s\S+@[\w.-]+:))"
)
"""A command that sends data to another host."""


@dataclass(frozen=True, slots=True)
class Signature:
    """A harm whose every group matches the block; `cues` gate the first try."""

    harm: str
    cues: tuple[str, ...]
    groups: tuple[re.Pattern[str], ...]

    def matches(self, text: str, low: str) -> bool:
        """Every group matches (tried only when a cue is in `low`)."""
        return any(c in low for c in self.cues) and all(g.search(text) for g in self.groups)


def _sig(harm: str, cues: tuple[str, ...], *groups: str) -> Signature:
    return Signature(harm, cues, tuple(re.compile(g, _I) for g in groups))


SIGNATURES: tuple[Signature, ...] = (
    _sig(
        "remote_shell",
        ("/bin/", "cmd.exe", "powershell", '"sh"', "'sh'"),
        r"net\.Dial\s*\(|TcpStream::connect|TCPClient\s*\(|create_connection\s*\(|"
        r"\.connect\s*\(\s*\(|fsockopen\s*\(|/dev/tcp/|socket\.socket\s*\(|"
        r"\bnet\.connect\s*\(|sockaddr_in\s*\(",
        r"/bin/(?:ba|z|da)?sh\b|cmd\.exe|[\"']powershell(?:\.exe)?[\"']|[\"']sh[\"']",
        r"\.Std(?:in|out|err)\b|std(?:in|out|err)\s*=|dup2\s*\(|from_raw_fd|fileno\s*\(|"
        r"\.pipe\s*\(\s*\w+\.stdin|>&\s*[A-Z]\w*[\"')]",
        _REMOTE_HOST,
    ),
    _sig(
        "detection_evasion",
        ("download", "xmlhttp", "urlretrieve", "webclient"),
        r"DownloadFile|DownloadString|DownloadData|XMLHTTP|urlretrieve|responseBody",
        r"Process\.Start|\bShell\b|ShellExecute|Start-Process|os\.system|subprocess|\biex\b",
        r"\bHidden\b|vbHide|CreateNoWindow|-w(?:indowstyle)?\s+hidden|0x08000000",
    ),
    _sig(
        "keylogger",
        ("keystate", "windowshook", "wh_keyboard", "on_press", "cgeventtap", "/dev/input"),
        r"GetAsyncKeyState|SetWindowsHookEx|WH_KEYBOARD|on_press|CGEventTapCreate|/dev/input/",
        r"https?://|webhook|smtp|sendmail|PostAsync|\.post\s*\(|socket",
    ),
    _sig(
        "covert_persistence",
        ("onlogon", "onstart", "@reboot", "runatload", "launchagents", "currentversion", "-at"),
        r"/sc\s+on(?:logon|start)|@reboot|RunAtLoad|LaunchAgents|CurrentVersion\\+Run|"
        r"-At(?:LogOn|Startup)\b",
        r"attrib\s+\+h|/\.[\w-]+\.(?:py|sh|pyw)\b|\\\.[\w-]+\.pyw?\b|\bcom\.apple\.|"
        r"(?:/tn|-TaskName)\s+[\"']?(?:Microsoft|Windows|OneDrive|Edge|Google|Adobe)\w*|svchost|"
        r"-Hidden\b|\\\.[\w-]+\\|"
        r"\bwon'?t\s+(?:see|notice)|\bnot\s+notice",
    ),
    _sig(
        "anti_forensics",
        ("eventlog", "auditctl", "/var/log/", "histfile", "history -c", "wevtutil"),
        r"(?:Stop-Service|Set-Service)\b[^\n]{0,40}\bEventLog\b[^\n]{0,60}"
        r"(?:Disabled|-Force)?|Clear-EventLog|auditctl\s+-(?:D|e\s*0)|wevtutil\s+cl|"
        r"sc\s+config\s+eventlog\b",
        r"(?:Stop-Service|Set-Service|Clear-EventLog|wevtutil|sc\s+config)[^\n]{0,80}"
        r"(?:EventLog|Security|System)\b[\s\S]{0,400}(?:Clear-EventLog|Disabled|wevtutil)|"
        r"\brm\s+(?:-\w+\s+)*/var/log/(?:auth|secure|wtmp|btmp|lastlog)|unset\s+HISTFILE|"
        r"\bhistory\s+-c\b|Clear-EventLog\s+-LogName\s+Security",
    ),
    _sig(
        "credential_attack",
        ("union", "sqlmap", "select"),
        r"'\s*\)?\s*(?:UNION\s+(?:ALL\s+)?SELECT|(?:AND|OR)\s+\(\s*SELECT)\b[^\n]{0,120}"
        r"\b(?:pass\w*|pwd|hash\w*)\b[^\n]{0,80}\bFROM\s+\w*(?:users?|accounts?|members|logins?|"
        r"customers?|clients?|employees?|staff|admins?|students?|patients?)\b|"
        r"\bsqlmap\b[^\n]{0,80}-u\s+[\"']?https?://(?!localhost|127\.)",
        r"--\s*$|--\s|#|--dump|--passwords|--os-shell|/\*",
    ),
    _sig(
        "anti_forensics",
        ("audit", "log"),
        r"(?:DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+\w*(?:audit|_logs?\b|history)\w*"
        r"[^;]{0,160}(?:>=?\s*(?:now\s*\(|current_|sysdate|getdate)|\binterval\b[^;]{0,30}"
        r"\b(?:hour|minute)s?\b)",
        r"\bUPDATE\s+\w+\s+SET\b|\bINSERT\s+INTO\b",
    ),
    _sig(
        "data_exfiltration",
        ("gethostbyname", "getaddrinfo", "resolve", "nslookup"),
        r"(?:gethostbyname|getaddrinfo|resolver\.(?:resolve|query)|\bresolve)\s*\(\s*f[\"']"
        r"(?:[^\"'\n]{0,40}\{[^}\n]*\[[^\]\n]*:[^\]\n]*\]|[^\"'\n]{0,20}\{[^}\n]+\}"
        r"[^\"'\n{]{0,20}\{[^}\n]+\})",
        r"\.hex\s*\(|b(?:32|64)encode|hexlify|\.encode\s*\(\s*[\"']hex",
    ),
    _sig(
        "data_exfiltration",
        (".ssh/id_", ".aws/credentials", ".kube/config", ".netrc", ".pgpass", ".git-credentials"),
        r"open\s*\([^\n]{0,60}(?:\.ssh/id_|\.aws/credentials|\.kube/config|\.netrc|\.pgpass|"
        r"\.git-credentials|\.docker/config\.json)|(?:\.ssh/id_|\.aws/credentials|\.kube/config|"
        r"\.netrc|\.pgpass|\.git-credentials)[^\n]{0,60}\.read(?:_bytes|_text)?\s*\(",
        r"gethostbyname|getaddrinfo|requests\.\w+\s*\(|httpx\.|urlopen|\.post\s*\(|\.put\s*\(|"
        r"sendto\s*\(|\.send(?:all)?\s*\(|smtplib|ftplib|storbinary|\bcurl\b|webhook",
    ),
    _sig(
        "data_exfiltration",
        ("arp(", "arpspoof", "bettercap", "ettercap"),
        r"\bARP\s*\([^)]*\bop\s*=\s*(?:2|[\"']is-at)|arpspoof\b|bettercap\b|ettercap\b",
        r"\bp(?:dst|src)\s*=|\s-t\s+\d|\bsend\w*\s*\(",
    ),
    _sig(
        "packet_flood",
        ("deauth",),
        r"Dot11Deauth|aireplay-ng\s+(?:--deauth|-0)|\bmdk[34]\b",
        r"\bsendp?\s*\(|count\s*=|aireplay|mdk",
    ),
    _sig(
        "data_exfiltration",
        ("lsass", "login data", "key4.db", "/.ssh/id_", "/.aws/credentials", "chat.db"),
        r"\blsass\b[\s\S]{0,200}(?:MiniDump|procdump|comsvcs|mimikatz|pypykatz|sekurlsa)|"
        r"(?:MiniDump|procdump|comsvcs)[\s\S]{0,200}\blsass\b|"
        r"Login Data[\s\S]{0,400}(?:CryptUnprotectData|password_value|encrypted_key)|"
        r"(?:CryptUnprotectData|encrypted_key)[\s\S]{0,400}Login Data|"
        r"glob\w*\([^)\n]{0,80}(?:/\.ssh/id_|\.aws/credentials)|"
        r"(?:-F\s*\w*=@|files\s*=|\.put\s*\(|storbinary)[^\n]{0,80}"
        r"(?:/\.ssh/id_|\.aws/credentials|key4\.db|Messages/chat\.db)|"
        r"\bcp\s+~?/Library/Messages/chat\.db",
        r"\.put\s*\(|storbinary|\.post\s*\(|\bcurl\b[^\n]{0,80}(?:-F|-d|--data|-T)\b|"
        r"pypykatz|mimikatz|\.dmp\b|upload|sendDocument",
    ),
    _sig(
        "covert_persistence",
        ("xmrig", "stratum", "minexmr", "cpuminer"),
        r"\bxmrig\b|stratum\+tcp|minexmr|cpuminer",
        r"--background|0x08000000|CREATE_NO_WINDOW|nohup|\bhidden\b|-B\b|"
        r"\buser_data\b|resource\s+\"aws_instance\"|\bcount\s*=\s*\d{2,}",
    ),
    _sig(
        "data_exfiltration",
        ("documents", "desktop", "pictures", "dcim"),
        r"(?:Documents|Desktop|Pictures|DCIM)[/\\]+\*\*|(?:Documents|Desktop|Pictures|DCIM)"
        r"[^\n]{0,40}recursive\s*=\s*True",
        r"sendDocument|api\.telegram|webhooks?/|storbinary|https?://\d{1,3}(?:\.\d{1,3}){3}",
    ),
    _sig(
        "phishing",
        ("display dialog", "get-credential", "credui"),
        r"display\s+dialog[^\n]{0,160}(?:password|passwort|mot de passe|contraseña)"
        r"[^\n]{0,160}hidden\s+answer|Get-Credential\b[^\n]{0,80}-Message|CredUIPrompt",
        r"\bcurl\b|https?://|Invoke-WebRequest|Invoke-RestMethod|smtp",
    ),
    _sig(
        "data_exfiltration",
        ("telephony", "sms_received"),
        r"Telephony\.Sms|SMS_RECEIVED|getMessagesFromIntent",
        r"https?://|HttpURLConnection|OkHttp|\bURL\s*\(",
    ),
    _sig(
        "data_exfiltration",
        ("deleteaftersubmit",),
        r"\.Forward\b",
        r"DeleteAfterSubmit\s*=\s*True",
    ),
    # tenth round: secrets, another user's files or the CI's variables piped to a remote host,
    # source and sink on one command line (a key made here and a job posted there are not one)
    _sig(
        "data_exfiltration",
        (
            "~/.ssh",
            "~/.aws",
            "_history",
            "/home/",
            "psk",
            "netrc",
            "git-credentials",
            "$ci_job",
            "secret_access_key",
            "env |",
            "printenv",
        ),
        rf"{_PRIVATE_READ}[^\n]{{0,300}}{_NET_SINK}|{_NET_SINK}[^\n]{{0,300}}{_PRIVATE_READ}",
        r"(?:https?://|@|\|\s*(?:nc|ncat|netcat)\s+)"
        r"(?!localhost|127\.|nas\.|[\w.-]*\.(?:internal|lan|local)\b)"
        r"(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})",
    ),
    _sig(
        "data_exfiltration",
        ("cookies", "browser_cookie3", "login data", "/run/secrets", "key4.db"),
        r"User Data[^\n]{0,120}(?:Cookies|Login Data)|browser_cookie3|cookies\.sqlite|key4\.db|"
        r"/run/secrets/",
        r"Invoke-RestMethod|Invoke-WebRequest|\bcurl\b|\bwget\b|\.post\s*\(|urlopen|fetch\s*\(",
        r"https?://(?!localhost|127\.)(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})",
    ),
    _sig(
        "phishing",
        ("formdata", "submit"),
        r"addEventListener\s*\(\s*[\"']submit[\"']|new FormData\s*\(",
        r"fetch\s*\(|sendBeacon|XMLHttpRequest",
        r"https?://(?!localhost|127\.)(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})",
        r"<all_urls>|content_script|location\.host",
    ),
    _sig(
        "clipboard_hijack",
        ("get_text", "getclipboarddata", "pbpaste", "readtext", "paste()"),
        r"get_text\s*\(|GetClipboardData|pbpaste|readText\s*\(|\.paste\s*\(\s*\)",
        r"set_text\s*\(|SetClipboardData|pbcopy|writeText\s*\(|\.copy\s*\(",
        r"bc1|\b0x[0-9a-fA-F]{6,}|wallet|starts_?[wW]ith\s*\(\s*[\"'](?:bc1|0x|[13])",
    ),
    _sig(
        "keylogger",
        ("sudo", "bashrc", "zshrc"),
        r"alias\s+sudo\s*=|function\s+sudo\b|sudo\s*\(\)\s*\{",
        r"read\s+-s",
        r">>\s*\S*(?:bashrc|zshrc|profile)|/home/\w+/\.\w*rc",
    ),
    _sig(
        "keylogger",
        ("listen", "hook.start", "keychar", "keypress"),
        r"rdev::listen|\blisten\s*\(\s*move\b|hook\.Start\s*\(|\.Keychar\b|EventType::KeyPress",
        r"https?://|http\.Post|\.post\s*\(|webhook|OpenOptions|append\s*\(\s*true\)|"
        r"windows_subsystem",
        r"KeyPress|KeyDown|Keychar",
    ),
    _sig(
        "data_exfiltration",
        ("chrome.", "browser.", "password", "sendbeacon"),
        r"(?:chrome|browser)\.(?:tabs\.captureVisibleTab|history\.search|cookies\.getAll|"
        r"webRequest|tabs\.query\s*\(\s*\{\s*\})|\.type\s*===?\s*[\"']password[\"']",
        r"fetch\s*\(|sendBeacon|XMLHttpRequest|\$\.post\s*\(",
        r"https?://(?!localhost|127\.)(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})",
    ),
    _sig(
        "data_exfiltration",
        ("discord.com/api", "discordapp.com/api"),
        r"discord(?:app)?\.com/api/v\d+/(?:users/@me/channels|channels/[^\s\"'/]+/messages)",
        r"[\"']Authorization[\"']\s*:\s*(?!f?[\"']Bot\s)\w",
        r"(?i:token)[^\n]{0,60}(?:her|his|their|from the|local storage|browser)|"
        r"\.get\s*\([^\n]{0,120}/messages",
    ),
    _sig(
        "data_exfiltration",
        ("sessionid", "phpsessid", "session", "cookie"),
        r"(?:sessionid|PHPSESSID|session|sid|auth|token)[\"']\s*[:,]\s*[\"'][^\"'\n]{0,40}"
        r"\b(?:copied|took|taken|stole|grabbed|from (?:her|his|their|the \w+(?:['’]s)?)\b)",
        r"\.get\s*\(|\.post\s*\(|cookies\s*=",
    ),
    _sig(
        "covert_capture",
        (
            "notificationlistener",
            "onnotificationposted",
            "setcomponentenabledsetting",
            "mobilesync",
        ),
        r"onNotificationPosted|NotificationListenerService|MobileSync[\\/]+Backup|msgstore\.db|"
        r"3d0d7e5fb2ce288813306e4d4636395e047a3d28",
        r"https?://|URL\s*\(|smtplib|send_message|add_attachment|\.post\s*\(",
        r"com\.whatsapp|android\.text|sms|Backup|COMPONENT_ENABLED_STATE_DISABLED",
    ),
    _sig(
        "covert_persistence",
        ("special_time", "reboot"),
        r"special_time:\s*reboot|@reboot",
        r"/\.[\w-]+\.(?:py|sh|pyw)\b",
        r"hosts:\s*\w+|\bcron\b",
    ),
    _sig(
        "covert_persistence",
        ("xmrig", "minexmr", "stratum"),
        r"\bxmrig\b|minexmr|stratum\+tcp",
        r"matrix:|runs-on:|timeout-minutes|FROM\s+\S+|docker",
    ),
    _sig(
        "credential_attack",
        ("combo", "breach", "rockyou", "leaked"),
        r"combo\w*(?:\.txt)?|breach\w*\.txt|rockyou|leaked\w*\.txt",
        r"\.post\s*\(\s*[\"'][^\"']*(?:login|signin|sign_in|auth|session)",
        r"pass(?:word)?[\"']?\s*[:=,]",
    ),
)


# hostile12: the eleventh round's code shapes left (PowerShell, AutoHotkey, Lua, SQL, Terraform,
# Swift, CI, systemd). What the program does to someone, as acts in any language's spelling.
_SEND_AWAY = (
    r"Invoke-RestMethod|Invoke-WebRequest|\biwr\b|\birm\b|UploadString|UploadFile|"
    r"\bcurl\b[^\n]{0,200}(?:-d\b|--data|-F\b|-T\b|-X\s*POST)|hs\.http\.(?:async)?[Pp]ost|"
    r"request_uri|URLSession|dataTask|httpMethod\s*=\s*\"POST\"|\.readText\s*\(|"
    r"HttpURLConnection|requests\.post|httpx\.post|\.post\s*\("
)
"""A program sending data to a server (PowerShell, curl, Lua, Swift, Kotlin, Python)."""
_REMOTE_URL = r"https?://(?!localhost|127\.)(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,})"
_BARE_IP_URL = r"https?://(?!127\.|10\.|192\.168\.)\d{1,3}(?:\.\d{1,3}){3}\b"
"""A URL to a bare public address: no service's domain, a listener's."""

SIGNATURES = (
    *SIGNATURES,
    _sig(  # every saved Wi-Fi key in clear, sent to a server
        "data_exfiltration", ("key=clear",), r"key\s*=\s*clear", _SEND_AWAY, _REMOTE_URL
    ),
    _sig(  # a system-looking credential prompt whose password is sent away
        "phishing",
        ("promptforcredential", "getnetworkcredential"),
        r"PromptForCredential|GetNetworkCredential\s*\(\s*\)\.Password",
        rf"{_SEND_AWAY}|{_REMOTE_URL}",
    ),
    _sig(  # AutoHotkey: every key read, hidden or sent
        "keylogger",
        ("input,", "inputhook"),
        r"(?m)^\s*Input\s*,\s*\w+\s*,\s*V\b|InputHook\s*\(",
        r"FileAppend|#NoTrayIcon",
        rf"{_SEND_AWAY}|{_REMOTE_URL}|#NoTrayIcon",
    ),
    _sig(  # Hammerspoon: key-down events' characters collected and posted
        "keylogger",
        ("eventtap",),
        r"eventtap\.(?:new|event\.types\.keyDown)[^\n]*keyDown|types\.keyDown",
        r"getCharacters|getKeyCode",
        rf"{_SEND_AWAY}|{_REMOTE_URL}",
    ),
    _sig(  # a login location's posted password copied to another host
        "data_exfiltration",
        ("get_post_args",),
        r"get_post_args|req\.read_body",
        r"\.password\b|\[\s*[\"']password[\"']\s*\]",
        r"request_uri|resty\.http|ngx\.socket",
        _REMOTE_URL,
    ),
    _sig(  # a schema dropped and its team's rights revoked in one go
        "destructive",
        ("drop schema", "drop database"),
        r"DROP\s+(?:SCHEMA|DATABASE)\b[^;]{0,80}\bCASCADE\b|DROP\s+DATABASE\b",
        r"REVOKE\s+ALL\b",
    ),
    _sig(  # an admin user with its own access key, named as the cloud's own service
        "covert_persistence",
        ("aws_iam_user",),
        r"aws_iam_user\"",
        r"AdministratorAccess",
        r"aws_iam_access_key",
        r"name\s*=\s*\"(?:aws|amazon|health|monitor|support|system|backup|svc)[\w-]*\"",
    ),
    _sig(  # every location update posted to a bare address
        "covert_capture",
        ("didupdatelocations", "requestlocationupdates", "getlastknownlocation"),
        r"didUpdateLocations|requestLocationUpdates|getLastKnownLocation",
        r"latitude",
        _SEND_AWAY,
        _BARE_IP_URL,
    ),
    _sig(  # a CI secret printed encoded, past the log mask
        "data_exfiltration",
        ("secrets.", "tojson(secrets"),
        r"\$\{\{\s*(?:secrets\.\w+|toJSON\(\s*secrets\s*\))\s*\}\}[^\n]{0,120}"
        r"\|\s*(?:base64|xxd|rev\b|od\b|hexdump|sed\s)",
    ),
    _sig(  # the screen captured on a timer and uploaded
        "covert_capture",
        ("import -window", "scrot", "screencapture", "imagegrab", "gnome-screenshot"),
        r"import\s+-window\s+root|\bscrot\b|\bscreencapture\b|ImageGrab\.grab|gnome-screenshot",
        _SEND_AWAY,
        _REMOTE_URL,
        r"OnUnitActiveSec|OnCalendar|\bwhile\s+(?:true|True|:)|\bsleep\b|crontab|\*/\d+\s",
    ),
    _sig(  # one bank account written into many people's payroll rows
        "data_exfiltration",
        ("payroll", "salar", "payout", "beneficiar"),
        r"UPDATE\s+\w*(?:payroll|salar|payout|beneficiar|vendor|supplier)\w*\s+SET\s+"
        r"\w*(?:iban|account|bank|routing)\w*\s*=\s*'[A-Z]{2}\d{2}[A-Z0-9]{8,}'",
        r"WHERE\s+\w+\s+IN\s*\(|WHERE\s+\w*(?:dept|department|team|role)\w*\s*=|;\s*$",
    ),
)


def scan_signatures(code: str) -> frozenset[str]:
    """The harms whose every act the block's raw text holds, whatever its language."""
    low = code.lower()
    return frozenset(s.harm for s in SIGNATURES if s.matches(code, low))


_FETCH_AND_RUN = re.compile(
    r"\b(?:curl|wget)\b[^\n|]{0,160}https?://[^\n|]{0,160}\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|"
    r"(?:DownloadString|Invoke-WebRequest|\biwr\b)[^\n]{0,160}(?:\biex\b|Invoke-Expression)",
    re.I,
)


def fetched_and_run(payload: str) -> bool:
    """A download piped into a shell: harmful when a block hid it behind an encoding.

    `curl https://sh.rustup.rs | sh` in plain sight is an install idiom; the same command
    rot13'd or base64'd and passed to `exec` is hidden from the reader on purpose.
    """
    return bool(_FETCH_AND_RUN.search(payload))
