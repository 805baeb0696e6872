"""Loopback fakes of the services the bot talks to (OpenAI, Discord, Slack)."""
