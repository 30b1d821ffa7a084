"""Telegram through python-telegram-bot, as transport only."""
