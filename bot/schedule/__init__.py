"""Reading windows, next opening and their wording: pure functions of an injected instant."""
