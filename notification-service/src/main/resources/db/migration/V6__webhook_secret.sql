-- Per-unit webhook signing secrets (issue 20): notification-service signs, so it owns them. A unit's first secret is
-- generated (SecureRandom, 32 bytes) when its webhook first needs one and is never shown; POST
-- /api/webhook-secrets/{unit} rotates it and answers the new one once (handed_over). Until a secret has been handed
-- over nothing is sent with it (the receiver could not verify it). The previous secret, if a receiver held it, also
-- signs (X-Duban-Signature-Previous) until previous_valid_until. Nothing here is ever answered by a GET.
create table webhook_secret (
    unit_id              uuid primary key,
    secret               text        not null,
    handed_over          boolean     not null,
    previous_secret      text,
    previous_valid_until timestamptz,
    created_at           timestamptz not null,
    created_by           text        not null,   -- 'system' for a generated first secret, else who rotated
    rotated_at           timestamptz,
    rotated_by           text,                   -- token user name
    rotated_by_subject   text,                   -- token subject
    rotations            int         not null default 0
);
