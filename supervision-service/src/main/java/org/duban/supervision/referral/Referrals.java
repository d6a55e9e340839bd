package org.duban.supervision.referral;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.platform.problem.Problem;
import org.duban.platform.time.ChineseDates;
import org.duban.platform.time.ClockProducer;
import org.duban.supervision.config.SupervisionConfig;
import org.duban.supervision.warning.RedCardListener;
import org.duban.supervision.warning.Warning;

/** Drafts referral files by rule (default: two red cards in one quarter) or by hand, and moves them on. */
@ApplicationScoped
public class Referrals implements RedCardListener {

    public static final String RULE_RED_CARDS = "red-cards-in-quarter";

    @Inject
    SupervisionConfig config;

    public static String quarterOf(Instant at) {
        ZonedDateTime t = at.atZone(ClockProducer.COUNTY_ZONE);
        return t.getYear() + "-Q" + ((t.getMonthValue() - 1) / 3 + 1);
    }

    static Instant quarterStart(Instant at) {
        ZonedDateTime t = at.atZone(ClockProducer.COUNTY_ZONE);
        return LocalDate.of(t.getYear(), ((t.getMonthValue() - 1) / 3) * 3 + 1, 1).atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant();
    }

    /** After a red card: a unit with enough red cards in the card's quarter gets a referral file drafted, once. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void onRedCard(Warning card) {
        Instant from = quarterStart(card.issuedAt);
        Instant to = from.atZone(ClockProducer.COUNTY_ZONE).plusMonths(3).toInstant();
        List<Warning> reds = Warning.list("unitId = ?1 and color = ?2 and issuedAt >= ?3 and issuedAt < ?4 and annulled = false"
                + " order by issuedAt", card.unitId, Warning.RED, from, to);
        if (reds.size() < config.referral().redCardsPerQuarter()) {
            return;
        }
        String quarter = quarterOf(card.issuedAt);
        UUID id = UUID.nameUUIDFromBytes((RULE_RED_CARDS + "|" + card.unitId + "|" + quarter).getBytes(StandardCharsets.UTF_8));
        Referral existing = Referral.findById(id);
        if (existing != null) {
            if (existing.state == Referral.State.DRAFTED && !existing.warningIds.contains(card.warningId)) {
                existing.warningIds.add(card.warningId);
                if (card.assignmentId != null && !existing.assignmentIds.contains(card.assignmentId)) {
                    existing.assignmentIds.add(card.assignmentId);
                }
                // the basis counts what the file lists, so it is written again with every card added
                existing.basis = basis(card.issuedAt, existing.warningIds.size());
            }
            return;
        }
        Referral r = new Referral();
        r.referralId = id;
        r.unitId = card.unitId;
        r.state = Referral.State.DRAFTED;
        r.rule = RULE_RED_CARDS;
        r.quarter = quarter;
        for (Warning w : reds) {
            r.warningIds.add(w.warningId);
            if (w.assignmentId != null && !r.assignmentIds.contains(w.assignmentId)) {
                r.assignmentIds.add(w.assignmentId);
            }
        }
        r.basis = basis(card.issuedAt, r.warningIds.size());
        r.createdAt = card.issuedAt;
        r.persist();
        history(r, "drafted by rule " + RULE_RED_CARDS, "system", card.issuedAt);
    }

    /**
     * A red card annulled (the unit no longer held the work): it leaves the rule's file of its quarter while that is still
     * DRAFTED; a file left with fewer red cards than the rule asks is WITHDRAWN. A file already referred keeps its
     * evidence (the decision is people's), and says so in its history.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void onRedCardAnnulled(Warning card, Instant at) {
        String quarter = quarterOf(card.issuedAt);
        UUID id = UUID.nameUUIDFromBytes((RULE_RED_CARDS + "|" + card.unitId + "|" + quarter).getBytes(StandardCharsets.UTF_8));
        Referral r = Referral.findById(id);
        if (r == null || !r.warningIds.contains(card.warningId)) {
            return;
        }
        if (r.state != Referral.State.DRAFTED) {
            history(r, "红牌 " + card.warningId + " 已作废（" + card.liftReason + "），材料已移送，保留原依据", "system", at);
            return;
        }
        r.warningIds.remove(card.warningId);
        if (card.assignmentId != null && (r.warningIds.isEmpty() || Warning.count("assignmentId = ?1 and warningId in ?2", card.assignmentId, r.warningIds) == 0)) {
            r.assignmentIds.remove(card.assignmentId);
        }
        int threshold = config.referral().redCardsPerQuarter();
        if (r.warningIds.size() < threshold) {
            r.state = Referral.State.WITHDRAWN;
        }
        r.basis = basis(card.issuedAt, r.warningIds.size());
        history(r, "红牌 " + card.warningId + " 已作废（" + card.liftReason + "），移出依据", "system", at);
    }

    /** The rule's basis in words, counting the red cards the file lists: 2021年第四季度内红牌 3 张（规则：…）. */
    String basis(Instant inQuarter, int redCards) {
        return ChineseDates.quarter(inQuarter) + "内红牌 " + redCards + " 张（规则：同一季度内红牌达 "
                + config.referral().redCardsPerQuarter() + " 张即起草问责材料）";
    }

    @Transactional
    public Referral draft(UUID unitId, String basis, List<UUID> warningIds, List<UUID> findingIds, List<UUID> assignmentIds,
            String actor, Instant at) {
        if (unitId == null) {
            throw Problem.invalidField("unitId", "a referral names the unit");
        }
        if (basis == null || basis.isBlank()) {
            throw Problem.invalidField("basis", "a referral by hand states its basis");
        }
        org.duban.supervision.Units.requireActive("unitId", unitId);
        requireKnown("warningIds", warningIds, Warning.class, "warningId");
        requireKnown("findingIds", findingIds, org.duban.supervision.inspection.Finding.class, "findingId");
        requireKnown("assignmentIds", assignmentIds, org.duban.supervision.status.AssignmentStatus.class, "assignmentId");
        Referral r = new Referral();
        r.referralId = UUID.randomUUID();
        r.unitId = unitId;
        r.state = Referral.State.DRAFTED;
        r.basis = basis;
        if (warningIds != null) {
            r.warningIds.addAll(warningIds);
        }
        if (findingIds != null) {
            r.findingIds.addAll(findingIds);
        }
        if (assignmentIds != null) {
            r.assignmentIds.addAll(assignmentIds);
        }
        r.createdAt = at;
        r.persist();
        history(r, "drafted by hand", actor, at);
        return r;
    }

    /** DRAFTED → REFERRED; REFERRED → DECIDED (with the decision text). Anything else is a 409. */
    @Transactional
    public Referral advance(UUID id, Referral.State to, String note, String actor, Instant at) {
        Referral r = Referral.findById(id);
        if (r == null) {
            throw Problem.notFound("no referral " + id);
        }
        boolean allowed = (r.state == Referral.State.DRAFTED && to == Referral.State.REFERRED)
                || (r.state == Referral.State.REFERRED && to == Referral.State.DECIDED);
        if (!allowed) {
            throw Problem.conflict("a referral moves DRAFTED → REFERRED → DECIDED").with("state", r.state.name());
        }
        if (to == Referral.State.DECIDED) {
            if (note == null || note.isBlank()) {
                throw Problem.invalidField("decision", "a decision needs its text");
            }
            r.decision = note;
        }
        r.state = to;
        history(r, note, actor, at);
        return r;
    }

    /** 400 naming {@code field} unless every id names a row supervision-service holds. */
    private static void requireKnown(String field, List<UUID> ids, Class<?> entity, String idField) {
        if (ids == null || ids.isEmpty()) {
            return;
        }
        long known = Warning.getEntityManager().createQuery("select count(e) from " + entity.getSimpleName() + " e where e." + idField
                + " in :ids", Long.class).setParameter("ids", java.util.Set.copyOf(ids)).getSingleResult();
        if (known < java.util.Set.copyOf(ids).size()) {
            throw Problem.invalidField(field, "names an id supervision-service does not hold");
        }
    }

    private static void history(Referral r, String note, String actor, Instant at) {
        ReferralHistory h = new ReferralHistory();
        h.referralId = r.referralId;
        h.seq = (int) ReferralHistory.count("referralId", r.referralId) + 1;
        h.state = r.state.name();
        h.note = note;
        h.actor = actor;
        h.at = at;
        h.persist();
        org.duban.platform.audit.AuditTrail.current().entry("referral." + h.state.toLowerCase(), "REFERRAL", r.referralId).after(java.util.Map.of("state", h.state)).reason(note).cause(actor).record(); // issue 20
    }
}
