"""Getting messages out: the outbox (store, then send, with retries) and delivery statuses."""
