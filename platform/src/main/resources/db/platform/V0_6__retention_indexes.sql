-- Retention (platform's retention/Retention): published (or discarded) outbox rows and processed-event rows are purged
-- after duban.retention.* in small batches; these indexes find the old ones without reading the table.
create index outbox_event_done on outbox_event (coalesce(published_at, discarded_at))
    where published_at is not null or discarded_at is not null;
create index processed_event_processed_at on processed_event (processed_at);
