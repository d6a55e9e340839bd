-- Issues 18/22: cards follow the assignment's real history.

-- A card lifted because the unit no longer holds the work (退回, withdrawn when a merged unit's task was already held by
-- the survivor) is annulled: it stays in the ledger, lifted with its reason, and counts nowhere (scores, bulletins,
-- the red-card referral rule). A card moved with its assignment to the receiving unit keeps the unit first carded.
alter table warning
    add column annulled       boolean not null default false,
    add column carded_unit_id uuid;

-- Grace: a miss detected before the unit could have signed (assigned_at + cards.sign-grace) waits for its red card
-- until then (DeferredCards issues it if the miss is still open and the unit still holds the work).
alter table missed_due add column card_due_at timestamptz;
create index missed_due_card_pending on missed_due (card_due_at) where card_due_at is not null and recovered_at is null;

-- A merged unit's record follows the survivor: each merged unit and the unit that holds its work now (A into B into C:
-- A → C), from the unit replica's snapshots (status MERGED, merged_into_id). Read at query time, so the read model keeps
-- what the events said and a replay in any order gives the same answer.
create view unit_successor as
with recursive chain (unit_id, survivor_id, hops) as (
    select id, merged_into_id, 1 from unit_replica where status = 'MERGED' and merged_into_id is not null
    union all
    select c.unit_id, u.merged_into_id, c.hops + 1
    from chain c join unit_replica u on u.id = c.survivor_id
    where u.status = 'MERGED' and u.merged_into_id is not null and c.hops < 32
)
select distinct on (unit_id) unit_id, survivor_id from chain order by unit_id, hops desc;
