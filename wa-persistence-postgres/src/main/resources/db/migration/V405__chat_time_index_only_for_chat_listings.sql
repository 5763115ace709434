-- The keyed look-ups of a message (device, chat, from-me flag, id: every ack and receipt of the send path, edits,
-- revocations) must use the unique key. Whenever the planner believed a chat holds about one row (no statistics yet
-- on a new table, or a generic plan over many small chats) it took idx_messages_chat_time for them instead, its
-- (device, chat) prefix looking as selective and its fewer index conditions cheaper, and then read every row of the
-- chat for each look-up: a busy chat made each ack cost its whole history (the send benchmark's "slow mode": 1,200
-- rows read per update until the first autoanalyze, docs/benchmarks.md 2026-12-06 23:15).
--
-- The index keeps its columns but compares chat_jid in the "C" collation. An index is usable for a condition only
-- in the condition's own collation, so the keyed look-ups (chat_jid = ?, the column's collation) can no longer take
-- it, and the chat listings, which ask for it by writing chat_jid = ? collate "C", still do. Equality of text is the
-- same in every deterministic collation, so no listing changes its rows.
drop index idx_messages_chat_time;
create index idx_messages_chat_time on wa_messages (device_id, chat_jid collate "C", sent_at desc, id desc);
