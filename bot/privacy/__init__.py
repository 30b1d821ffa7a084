"""What Cadre owes the people it serves: access, erasure, retention, the audit trail.

No core imports: the core's rights handler (bot.core.rights) builds on these.
"""
