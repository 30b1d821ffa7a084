"""Rendering and sending the journey's documents: Markdown, PDF, the timeline, e-mail.

Adapters around well-kept libraries (fpdf2, matplotlib, aiosmtplib); what the documents
say is composed in bot/journey/compose.py, so these modules only lay it out or carry it.
"""
