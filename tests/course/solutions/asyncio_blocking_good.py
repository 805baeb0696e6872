"""Known-good: the blocking legacy call runs on a worker thread."""

import asyncio

from legacy import fetch_profile


async def handle(user_id: int) -> str:
    profile = await asyncio.to_thread(fetch_profile, user_id)
    return f"hello {profile['name']}"


async def serve(user_ids: list[int]) -> list[str]:
    return list(await asyncio.gather(*(handle(u) for u in user_ids)))
