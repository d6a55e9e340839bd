package org.duban.supervision.warning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.supervision.WarningIssued;
import org.duban.events.supervision.WarningLifted;
import org.duban.supervision.history.History;

/**
 * Issues and lifts cards, each with its event in the same transaction. A rule's card has an id derived from its
 * cause (rule, assignment or rectification, due date), so a redelivered or replayed event never issues a second one,
 * and its events carry ids derived from the card, so a rebuilt card is not announced again ({@link Announcements}
 * remembers every id announced, longer than the outbox keeps its rows).
 */
@ApplicationScoped
public class Warnings {

    public static final String RULE_APPROACHING = "deadline-approaching-without-report";
    public static final String RULE_MISSED = "deadline-missed";
    public static final String RULE_RECTIFICATION_MISSED = "rectification-deadline-missed";
    /** A provincial 督办 (ProvinceUrged, kind SUPERVISE) on a lead unit: a card of origin PROVINCE. */
    public static final String RULE_PROVINCE_SUPERVISE = "province-supervise";
    /** Who issued a provincial card. */
    public static final String PROVINCE = "province";
    public static final String SYSTEM = "system";

    /** Writes the cards' events to the outbox, each event id once ever (V7 announced_event, which outlives the outbox rows). */
    @Inject
    Announcements announcements;

    /** The referral rule (referral/Referrals), told of red cards issued and annulled. */
    @Inject
    RedCardListener referrals;

    @Inject
    History history;

    /** The id of the card a rule issues for one cause: the same cause always gives the same id. */
    public static UUID ruleCardId(String rule, Object... cause) {
        StringBuilder key = new StringBuilder(rule);
        for (Object part : cause) {
            key.append('|').append(part);
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The event id of a card's issue or lift: derived from the card, whose id derives from its cause, so rebuilding
     * the cards by replaying the task events (ReplayTest, AnnouncedOnceTest) does not announce them a second time, even
     * after the outbox row is purged: {@link Announcements} keeps the id.
     */
    static UUID eventId(String what, UUID warningId) {
        return UUID.nameUUIDFromBytes(("warning|" + what + "|" + warningId).getBytes(StandardCharsets.UTF_8));
    }

    /** Issues a rule's card unless that cause already has one; returns it (new or existing). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Warning issueByRule(UUID id, UUID unitId, String color, String rule, String reason, UUID assignmentId, UUID taskId,
            UUID rectificationId, Instant at) {
        Warning existing = Warning.findById(id);
        if (existing != null) {
            return existing;
        }
        return issue(id, unitId, color, rule, reason, assignmentId, taskId, rectificationId, SYSTEM, at);
    }

    /**
     * A provincial card (origin PROVINCE) on a lead unit for the province's 督办, unless that message already gave this
     * unit one: its id derives from (province message, unit), so a redelivered or replayed event issues nothing twice.
     * Not tied to a county assignment, so no county event lifts it: a supervisor lifts it by hand.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Warning issueProvincial(String provinceMessageId, String provTaskId, UUID unitId, String color, String reason,
            UUID provincialTaskId, Instant at) {
        UUID id = ruleCardId(RULE_PROVINCE_SUPERVISE, provinceMessageId, unitId);
        Warning existing = Warning.findById(id);
        if (existing != null) {
            return existing;
        }
        return issue(id, unitId, color, RULE_PROVINCE_SUPERVISE, reason, null, provincialTaskId, null, PROVINCE, at, w -> {
            w.origin = Warning.PROVINCE;
            w.provTaskId = provTaskId;
            w.provinceMessageId = provinceMessageId;
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Warning issue(UUID id, UUID unitId, String color, String rule, String reason, UUID assignmentId, UUID taskId,
            UUID rectificationId, String issuedBy, Instant at) {
        return issue(id, unitId, color, rule, reason, assignmentId, taskId, rectificationId, issuedBy, at, w -> {
        });
    }

    private Warning issue(UUID id, UUID unitId, String color, String rule, String reason, UUID assignmentId, UUID taskId,
            UUID rectificationId, String issuedBy, Instant at, java.util.function.Consumer<Warning> more) {
        Warning w = new Warning();
        w.warningId = id;
        w.unitId = unitId;
        w.color = color;
        w.rule = rule;
        w.reason = reason;
        w.assignmentId = assignmentId;
        w.taskId = taskId;
        w.rectificationId = rectificationId;
        w.issuedBy = issuedBy;
        w.issuedAt = at;
        more.accept(w);
        w.persist();
        announcements.once(new WarningIssued(id, unitId, color, reason, rule, assignmentId, taskId, issuedBy, at), eventId("issued", id));
        if (Warning.RED.equals(color)) {
            referrals.onRedCard(w);
        }
        return w;
    }

    /** Lifts every open rule card of an assignment whose cause is cured (optionally only one colour). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void liftForAssignment(UUID assignmentId, String color, String reason, Instant at) {
        List<Warning> open = Warning.list("assignmentId = ?1 and liftedAt is null and rule is not null", assignmentId);
        for (Warning w : open) {
            if (color == null || color.equals(w.color)) {
                lift(w, reason, at);
            }
        }
    }

    /**
     * The unit no longer holds the assignment (退回, or withdrawn because the survivor of a merge already holds the task):
     * its open rule cards are lifted and annulled, so they count against nobody. Cards by hand stand (a supervisor's
     * judgement of the unit's conduct).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void annulForAssignment(UUID assignmentId, String reason, Instant at) {
        for (Warning w : Warning.<Warning> list("assignmentId = ?1 and liftedAt is null and rule is not null", assignmentId)) {
            annul(w, reason, at);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void annul(Warning w, String reason, Instant at) {
        w.annulled = true;
        lift(w, reason, at);
        history.record(History.WARNING, w.warningId, "ANNULLED", SYSTEM, null, null, History.fields("reason", reason), at);
        if (Warning.RED.equals(w.color)) {
            referrals.onRedCardAnnulled(w, at);
        }
    }

    /**
     * The assignment itself moved to another unit (a merge): its open rule cards follow the work to the unit that holds it
     * now, remembering the unit first carded. Nothing is announced again (the card is the same card).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void moveForAssignment(UUID assignmentId, UUID toUnitId, Instant at) {
        for (Warning w : Warning.<Warning> list("assignmentId = ?1 and liftedAt is null and rule is not null", assignmentId)) {
            if (!toUnitId.equals(w.unitId)) {
                if (w.cardedUnitId == null) {
                    w.cardedUnitId = w.unitId;
                }
                history.record(History.WARNING, w.warningId, "MOVED", SYSTEM, null, History.fields("unitId", w.unitId),
                        History.fields("unitId", toUnitId), at);
                w.unitId = toUnitId;
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void liftForRectification(UUID rectificationId, String reason, Instant at) {
        for (Warning w : Warning.<Warning> list("rectificationId = ?1 and liftedAt is null and rule is not null", rectificationId)) {
            lift(w, reason, at);
        }
    }

    /** A rule lifts the card (its cause cured, or the unit no longer holds the work). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lift(Warning w, String reason, Instant at) {
        lift(w, reason, SYSTEM, at);
    }

    /** A supervisor lifts the card by hand: recorded in its history with the actor. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void liftByHand(Warning w, String reason, String actor, Instant at) {
        lift(w, reason, actor, at);
        history.record(History.WARNING, w.warningId, "LIFTED", actor, null, null, History.fields("reason", reason), at);
    }

    private void lift(Warning w, String reason, String actor, Instant at) {
        w.liftedAt = at;
        w.liftReason = reason;
        w.liftedBy = actor;
        announcements.once(new WarningLifted(w.warningId, w.unitId, w.color, reason, at), eventId("lifted", w.warningId));
    }
}
