"""The accompaniment as a journey: programme, sessions, sponsor report, closing review, pause.

Pure and channel-agnostic: nothing here reads a clock, a file or a network; instants and
calendars are passed in, storage is the async `JourneyStore` port (bot/journey/ports.py),
and rendering (PDF, Markdown, the picture) and e-mail live in bot/documents/.
"""
