-- province-gateway's own tables (db/platform adds outbox_event and processed_event).

-- Nonces seen per sender within the window (docs/province-api.md §2): the primary key makes two requests with the
-- same nonce at once one winner; an expired row may be taken again; a job deletes old rows.
create table inbound_nonce (
    app_key    text        not null,
    nonce      text        not null,
    expires_at timestamptz not null,
    primary key (app_key, nonce)
);
create index inbound_nonce_expiry on inbound_nonce (expires_at);

-- Every accepted province → county message with the answer it got: the idempotency record, (sender, msgId) unique.
-- Written in the same transaction as the Duban event (outbox_event) it became.
create table inbound_message (
    id           bigserial primary key,
    app_key      text        not null,
    msg_id       text        not null,
    msg_type     text        not null,
    prov_task_id text        not null,
    send_time    text        not null,
    sender_org   text        not null,
    receiver_org text        not null,
    envelope     text        not null,   -- the message as received (JSON)
    event_id     uuid        not null,   -- the Duban event: name-based UUID of app key + msgId
    answer_code  int         not null,
    answer_msg   text        not null,
    via          text        not null,   -- PUSH (POST /api/province/messages) | PULL (the puller)
    received_at  timestamptz not null,
    unique (app_key, msg_id)
);
create index inbound_message_task on inbound_message (prov_task_id, id);
create index inbound_message_received on inbound_message (received_at);

-- The provincial tasks the gateway knows: the flow state the checks of code 3 need, and the management view.
create table provincial_task (
    prov_task_id   text primary key,
    app_key        text        not null,   -- who issued it
    sender_org     text        not null,
    task_number    text,
    title          text        not null,
    document_number text,
    state          text        not null,   -- ISSUED | CLOSED (review PASSED) | REVOKED
    issued_msg_id  text        not null,
    issued_at      timestamptz not null,
    duban_task_id  uuid,                   -- from task-service's provincial events, once one arrives
    last_in_type   text,
    last_in_at     timestamptz,
    last_out_type  text,
    last_out_at    timestamptz
);

-- County → province messages. Written when the task event is consumed (same transaction as processed_event), the
-- envelope fixed then; seq is the changes cursor (assigned under a lock, so commit order = seq order).
create table outbound_message (
    id              uuid primary key,
    seq             bigint      not null unique,
    msg_id          text        not null unique,
    msg_type        text        not null,
    prov_task_id    text        not null,
    duban_task_id   uuid,
    event_id        uuid        not null unique,   -- the task event it came from
    envelope        text        not null,
    status          text        not null,   -- PENDING | SENDING | DELIVERED | REJECTED | FAILED
    attempts        int         not null default 0,
    due_since       timestamptz not null,   -- start of the retry window (created, or resent)
    next_attempt_at timestamptz not null,   -- business time (the injected Clock)
    claim_token     uuid,                   -- the dispatcher that holds it; results are recorded only under it
    claimed_until   timestamptz,            -- wall-clock lease
    last_http_status int,
    last_code       int,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    resent_by       text,
    resent_at       timestamptz
);
create sequence outbound_message_seq;
create index outbound_message_due on outbound_message (next_attempt_at, seq) where status in ('PENDING', 'SENDING');
create index outbound_message_open_task on outbound_message (prov_task_id, seq) where status in ('PENDING', 'SENDING');
create index outbound_message_task on outbound_message (prov_task_id, seq);

-- Every attempt to deliver an outbound message, with the HTTP status and the answer code.
create table outbound_attempt (
    id            bigserial primary key,
    message_id    uuid        not null references outbound_message (id),
    attempt       int         not null,
    attempted_at  timestamptz not null,
    http_status   int,
    answer_code   int,
    answer_msg    text,
    error         text,
    outcome       text        not null,   -- DELIVERED | REJECTED | RETRY | FAILED | CLAIM_LOST
    duration_ms   int         not null
);
create index outbound_attempt_message on outbound_attempt (message_id, id);

-- Where the puller stands in the province's changes.
create table pull_cursor (
    source     text primary key,
    position   bigint      not null,
    updated_at timestamptz not null
);
