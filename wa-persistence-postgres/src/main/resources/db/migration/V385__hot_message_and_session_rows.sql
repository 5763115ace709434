-- What PostgreSQL spends per REST send (issue #20, docs/benchmarks.md "what PostgreSQL spends per send").
--
-- A sent message's row is updated twice within a second of its insert (the server's ack, then the delivery
-- receipt). With the default fillfactor of 100 an insert fills its page to the brim, so by the time those updates
-- come the page has no room for the new row version: the update goes to another page and writes a new entry into
-- each of the table's three indexes (measured: 0.83 of 2.03 updates per send were HOT). Leaving 30 % of each new
-- page free lets both updates stay on the row's page as HOT updates (heap only: no index entries, less WAL, less
-- for vacuum). Pages already written keep their fill; it applies to pages filled from now on.
alter table wa_messages set (fillfactor = 70);

-- A session record is key material: random bytes that pglz cannot compress. Once a record passes ~2 kB (archived
-- states) PostgreSQL would try to compress it on every one of its several hundred updates a second before moving it
-- out of line. EXTERNAL: out of line when too big, never compressed. Rows are rewritten by their next update.
alter table wa_signal_sessions alter column record set storage external;
