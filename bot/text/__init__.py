"""Text formats every room reads: Markdown code fences."""
