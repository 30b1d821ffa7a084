"""The mentor's side: the desk that turns digest buttons and commands into replies."""
