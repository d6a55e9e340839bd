-- The readiness check counts the messages that gave up (ProvinceLinkReadiness); FAILED rows are few, so a partial
-- index keeps that count from reading the whole table.
create index outbound_message_failed on outbound_message (seq) where status = 'FAILED';
