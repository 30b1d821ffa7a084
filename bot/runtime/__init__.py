"""What `cadre run` starts: the service wiring, the scheduler, the clock, the environment."""
