-- "Announced once" for the cards' events (WarningIssued, WarningLifted), held by supervision-service itself.
-- Their CloudEvents ids derive from the card (Warnings.eventId), and a read model rebuilt by replaying the task events
-- must not announce a card again. That used to rest on the outbox row (insert ... on conflict (id) do nothing), but
-- platform purges published outbox rows after duban.retention.outbox (7 days): a replay after that would announce
-- every card again. One row per event id ever announced, written in the transaction that writes the outbox row; it is
-- not part of the read model (a rebuild keeps it) and is never purged (a row per card issue and lift).
create table announced_event (
    event_id uuid        primary key,   -- the CloudEvents id (name-based UUID of the card and what happened to it)
    type     text        not null,      -- CloudEvents type, e.g. duban.supervision.warning-issued.v1
    at       timestamptz not null default now()
);

-- Java's UUID.nameUUIDFromBytes (version 3: MD5 of the UTF-8 bytes, version and variant bits set), so the backfill
-- below derives the same event ids as Warnings.eventId (AnnouncedOnceTest checks that the two agree).
create function name_uuid(name text) returns uuid language sql immutable strict as $$
    select encode(set_byte(set_byte(h, 6, (get_byte(h, 6) & 15) | 48), 8, (get_byte(h, 8) & 63) | 128), 'hex')::uuid
    from (select decode(md5(convert_to(name, 'UTF8')), 'hex') as h) d
$$;

-- Cards announced before this migration: every card was announced (issued), a lifted one also its lift, whether or not
-- its outbox row is still there. Then whatever warning events the outbox still holds (nothing else, but cheap to say).
insert into announced_event (event_id, type, at)
select name_uuid('warning|issued|' || warning_id), 'duban.supervision.warning-issued.v1', issued_at from warning
on conflict do nothing;
insert into announced_event (event_id, type, at)
select name_uuid('warning|lifted|' || warning_id), 'duban.supervision.warning-lifted.v1', lifted_at from warning
where lifted_at is not null
on conflict do nothing;
insert into announced_event (event_id, type, at)
select id, type, occurred_at from outbox_event
where type in ('duban.supervision.warning-issued.v1', 'duban.supervision.warning-lifted.v1') and payloads is null
on conflict do nothing;
