"""Known-bad: 'async' in name only; the blocking call still runs on the loop."""

import asyncio

from legacy import fetch_profile


async def fetch_async(user_id: int) -> dict[str, object]:
    return fetch_profile(user_id)


async def handle(user_id: int) -> str:
    profile = await fetch_async(user_id)
    return f"hello {profile['name']}"


async def serve(user_ids: list[int]) -> list[str]:
    return list(await asyncio.gather(*(handle(u) for u in user_ids)))
