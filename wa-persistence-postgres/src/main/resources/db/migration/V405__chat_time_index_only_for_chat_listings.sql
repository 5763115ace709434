-- The keyed look-ups of a message (device, chat, from-me flag, id: every ack and receipt of the send path, edits,
-- revocations) must use the unique key. Whenever the planner believed a device's or a chat's rows were about one
-- (no statistics yet on a new table, a generic plan made while the table was small, or a generic plan over many
-- small chats) it took idx_messages_chat_time for them instead, on its (device) or (device, chat) prefix, whose
-- fewer index conditions looked cheaper, and then read every row of the device or the chat per look-up: the send
-- benchmark's "slow mode" (1,600 rows read per update until the first autoanalyze replaced the plan,
-- docs/benchmarks.md 2026-12-06 23:15), and in production a busy chat making each ack cost its whole history.
--
-- The index now leads with the chat, compared in the "C" collation. An index serves a condition only in the
-- condition's own collation, and a b-tree is entered by its leading column, so the keyed look-ups (chat_jid = ?, the
-- column's collation) cannot take it at all, while the chat listings, which write chat_jid = ? collate "C" beside
-- device_id = ?, still find their rows in (sent_at, id) order. Equality of text is the same in every deterministic
-- collation, so no listing changes its rows.
drop index idx_messages_chat_time;
create index idx_messages_chat_time on wa_messages (chat_jid collate "C", device_id, sent_at desc, id desc);
