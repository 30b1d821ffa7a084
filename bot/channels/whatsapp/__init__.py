"""WhatsApp Cloud API: heyoo in a thread for sending, our own webhook for receiving."""
