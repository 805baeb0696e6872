"""How the bot stops and starts again: draining on SIGTERM, recovering after a crash."""
