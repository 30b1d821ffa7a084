-- A platform message id is unique per channel AND recipient chat, as the platforms number
-- them: Telegram counts message ids per chat, so two chats each have a message 5. The index
-- serves a mentor's reply-to (the digest or copy they answer, in their own chat) and the
-- delivery statuses; on (channel, platform_message_id) alone it refused the second chat's 5.
DROP INDEX IF EXISTS outbox_platform_id;
CREATE UNIQUE INDEX outbox_platform_id ON outbox (channel, person, platform_message_id)
    WHERE platform_message_id IS NOT NULL;
