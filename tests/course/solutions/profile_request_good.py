"""A request path to profile: handle_request(raw) -> response text."""

import json

HOTSPOTS = ["checksum", "find_orders", "escape_html"]  # measured with cProfile, tottime

ORDERS = [
    {"id": i, "user": f"user{i % 100}", "total": (i * 37) % 1000, "note": f"<b>order {i}</b> & co"}
    for i in range(6000)
]


def parse_request(raw: str) -> dict:
    """Decode the JSON body."""
    return json.loads(raw)


def find_orders(user: str) -> list[dict]:
    """All orders of a user: a linear scan over every order."""
    found = []
    for order in ORDERS:
        if order["user"] == user:
            found.append(order)
    return found


def escape_html(text: str) -> str:
    """Escape HTML one character at a time."""
    out = ""
    for ch in text:
        if ch == "<":
            out += "&lt;"
        elif ch == ">":
            out += "&gt;"
        elif ch == "&":
            out += "&amp;"
        else:
            out += ch
    return out


def render(orders: list[dict]) -> str:
    """An HTML table of the orders."""
    rows = []
    for order in orders:
        rows.append(f"<tr><td>{order['id']}</td><td>{escape_html(order['note'])}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def checksum(body: str) -> int:
    """A hand-rolled rolling hash of the response body."""
    h = 0
    for ch in body:
        h = (h * 31 + ord(ch)) % 1_000_000_007
    return h


def handle_request(raw: str) -> str:
    """Parse, query, render, sign."""
    request = parse_request(raw)
    orders = find_orders(request["user"])
    body = render(orders)
    return f"{checksum(body)}\n{body}"


def make_requests(n: int) -> list[str]:
    """Deterministic sample traffic."""
    return [json.dumps({"user": f"user{(i * 37) % 100}"}) for i in range(n)]
