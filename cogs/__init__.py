"""discord.py cogs: thin translators from Discord to the mentor services."""
