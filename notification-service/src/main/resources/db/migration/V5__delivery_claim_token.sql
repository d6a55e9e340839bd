-- A claim is owned (issue 19): the dispatcher pass that took a row writes its own token with the lease, and records a
-- result only while the row still carries that token. A pass that outlived its lease (another pass took the row
-- since) can no longer record SENT, FAILED or a retry over the other pass's claim.
alter table delivery add column claim_token uuid;
