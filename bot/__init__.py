"""MCA Mentor: a Discord and Slack bot that mentors advanced Python learners."""
