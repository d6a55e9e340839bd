package org.duban.supervision.disclosure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.bulletin.Bulletin;
import org.duban.supervision.history.History;
import org.duban.supervision.status.AssignmentStatus;
import org.duban.supervision.status.PlanView;

/**
 * Public disclosure (政务公开): the supervision office marks what the public may see — published bulletins, each task's
 * public progress summary, and which report texts are public — and withdraws it again. Every mark is a history entry with
 * its actor. {@link #catalogue} builds what the public pages show from these marks alone: a task summary is status,
 * percent, the lead units' names and the last report text marked public; no contact, officer, card, finding or referral
 * is ever read here.
 */
@ApplicationScoped
public class Disclosure {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String HISTORY_ITEM = "DISCLOSURE";
    static final String HISTORY_REPORT = "DISCLOSURE_REPORT";
    /** 公开方式 */
    public static final String METHOD = "主动公开";

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @Inject
    History history;

    @Inject
    DisclosureConfig config;

    /** A catalogue entry with its public content. {@code generatedOn} 生成日期, {@code publishedOn} 公开日期. */
    public record PublicItem(UUID id, String kind, String indexNumber, String title, String summary, String publisher,
            LocalDate generatedOn, LocalDate publishedOn, String disclosureMethod, UUID planId, String planTitle,
            BulletinContent bulletin, TaskContent task, Instant updatedAt) {
    }

    public record BulletinContent(String title, LocalDate periodStart, LocalDate periodEnd, String text, LocalDate publishedOn) {
    }

    /** {@code status} COMPLETED / OVERDUE / IN_PROGRESS with its label 已办结 / 逾期 / 推进中. */
    public record TaskContent(String taskNumber, String title, String status, String statusLabel, int percentComplete,
            List<String> leadUnits, PublicReport lastReport) {
    }

    public record PublicReport(String text, LocalDate reportedOn, String unitName, int percentComplete) {
    }

    /** An entry as the office sees it (also withdrawn ones). */
    public record ItemView(UUID id, String kind, UUID targetId, UUID planId, String indexNumber, String title, String summary,
            String publisher, String status, Instant publishedAt, String publishedBy, Instant withdrawnAt, String withdrawnBy) {
        static ItemView of(DisclosureItem i) {
            return new ItemView(i.itemId, i.kind, i.targetId, i.planId, i.indexNumber, i.title, i.summary, i.publisher, i.status,
                    i.publishedAt, i.publishedBy, i.withdrawnAt, i.withdrawnBy);
        }
    }

    public record ReportView(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, String unitName, int percentComplete,
            String narrative, Instant reportedAt, boolean isPublic, Instant publicAt, String publicBy) {
    }

    // ---- commands (supervisor)

    @Transactional
    public ItemView publishBulletin(UUID bulletinId, String title, String summary) {
        Bulletin b = Bulletin.findById(bulletinId);
        if (b == null) {
            throw Problem.notFound("no bulletin " + bulletinId);
        }
        if (!Bulletin.PUBLISHED.equals(b.status)) {
            throw Problem.conflict("only a published bulletin (通报) can be disclosed; this one is " + b.status).with("state", b.status);
        }
        String defaultSummary = b.title + "（" + b.periodStart + "至" + b.periodEnd + "）";
        return publish(DisclosureItem.BULLETIN, bulletinId, b.planId, title == null ? b.title : title,
                summary == null ? defaultSummary : summary);
    }

    @Transactional
    public ItemView publishTask(UUID taskId, String title, String summary) {
        List<AssignmentStatus> rows = AssignmentStatus.list("taskId", taskId);
        if (rows.isEmpty()) {
            throw Problem.notFound("no task " + taskId + " is known to the supervision office");
        }
        AssignmentStatus first = rows.get(0);
        String number = first.taskNumber == null ? "" : first.taskNumber;
        String defaultTitle = number + first.taskTitle + "进展情况";
        String defaultSummary = "任务" + number + "“" + brief(first.taskTitle, 80) + "”的办理状态、完成进度和牵头单位";
        return publish(DisclosureItem.TASK, taskId, first.planId, title == null ? defaultTitle : title,
                summary == null ? defaultSummary : summary);
    }

    @Transactional
    public ItemView withdraw(String kind, UUID targetId, String reason) {
        DisclosureItem item = DisclosureItem.find("kind = ?1 and targetId = ?2", kind, targetId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (item == null || !DisclosureItem.PUBLIC.equals(item.status)) {
            throw Problem.conflict("nothing public to withdraw for " + kind + " " + targetId)
                    .with("state", item == null ? "NOT_PUBLISHED" : item.status);
        }
        item.status = DisclosureItem.WITHDRAWN;
        item.withdrawnAt = clock.instant();
        item.withdrawnBy = actor();
        history.record(HISTORY_ITEM, item.itemId, "WITHDRAWN", item.withdrawnBy, null, History.fields("status", DisclosureItem.PUBLIC),
                History.fields("status", DisclosureItem.WITHDRAWN, "reason", reason), item.withdrawnAt);
        return ItemView.of(item);
    }

    /** Marks a report's text public (or not): only a marked text can be a task summary's last public report. */
    @Transactional
    public ReportView markReport(UUID reportId, boolean isPublic) {
        DisclosureReport r = em.find(DisclosureReport.class, reportId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            throw Problem.notFound("no report " + reportId + " is known to the supervision office");
        }
        if ((r.publicAt != null) == isPublic) {
            throw Problem.conflict("the report's text is " + (isPublic ? "public" : "not public") + " already")
                    .with("state", isPublic ? "PUBLIC" : "NOT_PUBLIC");
        }
        Instant now = clock.instant();
        String actor = actor();
        history.record(HISTORY_REPORT, reportId, isPublic ? "TEXT_PUBLISHED" : "TEXT_WITHDRAWN", actor, null,
                History.fields("public", !isPublic), History.fields("public", isPublic), now);
        r.publicAt = isPublic ? now : null;
        r.publicBy = isPublic ? actor : null;
        return view(r, UnitReplica.namesOf(List.of(r.unitId)));
    }

    // ---- the office's reads

    @Transactional
    public List<ItemView> items(UUID planId) {
        List<DisclosureItem> items = planId == null ? DisclosureItem.list("order by publishedAt desc, indexNumber")
                : DisclosureItem.list("planId = ?1 order by publishedAt desc, indexNumber", planId);
        return items.stream().map(ItemView::of).toList();
    }

    @Transactional
    public List<ReportView> reports(UUID taskId) {
        List<DisclosureReport> reports = DisclosureReport.list("taskId = ?1 order by reportedAt desc, reportId", taskId);
        Map<UUID, String> names = UnitReplica.namesOf(reports.stream().map(r -> r.unitId).distinct().toList());
        return reports.stream().map(r -> view(r, names)).toList();
    }

    @Transactional
    public List<History.Step> history(UUID itemId) {
        return History.of(HISTORY_ITEM, itemId);
    }

    // ---- what the public sees

    /** The public entries, newest first; {@code planId} null = every plan. */
    @Transactional
    public List<PublicItem> catalogue(UUID planId) {
        List<DisclosureItem> items = planId == null
                ? DisclosureItem.list("status = ?1 order by publishedAt desc, indexNumber", DisclosureItem.PUBLIC)
                : DisclosureItem.list("status = ?1 and planId = ?2 order by publishedAt desc, indexNumber", DisclosureItem.PUBLIC,
                        planId);
        return items.stream().map(this::render).filter(Objects::nonNull).toList();
    }

    @Transactional
    public PublicItem one(UUID itemId) {
        DisclosureItem item = DisclosureItem.findById(itemId);
        PublicItem shown = item == null || !DisclosureItem.PUBLIC.equals(item.status) ? null : render(item);
        if (shown == null) {
            throw Problem.notFound("no public entry " + itemId);
        }
        return shown;
    }

    private PublicItem render(DisclosureItem item) {
        String planTitle = null;
        if (item.planId != null) {
            PlanView plan = PlanView.findById(item.planId);
            planTitle = plan == null ? null : plan.title;
        }
        LocalDate publishedOn = day(item.publishedAt);
        if (DisclosureItem.BULLETIN.equals(item.kind)) {
            Bulletin b = Bulletin.findById(item.targetId);
            if (b == null || !Bulletin.PUBLISHED.equals(b.status)) {
                return null;
            }
            return new PublicItem(item.itemId, item.kind, item.indexNumber, item.title, item.summary, item.publisher,
                    day(b.publishedAt), publishedOn, METHOD, item.planId, planTitle,
                    new BulletinContent(b.title, b.periodStart, b.periodEnd, b.text, day(b.publishedAt)), null, item.publishedAt);
        }
        TaskContent task = task(item.targetId);
        if (task == null) {
            return null;
        }
        Instant changed = em.createQuery("select max(a.updatedAt) from AssignmentStatus a where a.taskId = :t", Instant.class)
                .setParameter("t", item.targetId).getSingleResult();
        return new PublicItem(item.itemId, item.kind, item.indexNumber, item.title, item.summary, item.publisher,
                changed == null ? publishedOn : day(changed), publishedOn, METHOD, item.planId, planTitle, null, task,
                changed == null || changed.isBefore(item.publishedAt) ? item.publishedAt : changed);
    }

    /** The task's public summary from the status read model: the work still held (not returned or withdrawn). */
    private TaskContent task(UUID taskId) {
        List<AssignmentStatus> rows = AssignmentStatus.<AssignmentStatus> list("taskId", taskId).stream()
                .filter(s -> s.status != AssignmentStatus.Status.RETURNED && s.status != AssignmentStatus.Status.WITHDRAWN)
                .toList();
        if (rows.isEmpty()) {
            return null;
        }
        List<AssignmentStatus> leads = rows.stream().filter(s -> "LEAD".equals(s.role)).toList();
        List<AssignmentStatus> counted = leads.isEmpty() ? rows : leads;
        int percent = counted.stream().mapToInt(s -> s.percentComplete).min().orElse(0);
        String status = rows.stream().allMatch(s -> s.status == AssignmentStatus.Status.COMPLETED) ? "COMPLETED"
                : rows.stream().anyMatch(s -> s.status == AssignmentStatus.Status.OVERDUE || s.missedOpen > 0) ? "OVERDUE"
                        : "IN_PROGRESS";
        String label = switch (status) {
            case "COMPLETED" -> "已办结";
            case "OVERDUE" -> "逾期";
            default -> "推进中";
        };
        Map<UUID, String> names = UnitReplica.namesOf(counted.stream().map(s -> s.unitId).distinct().toList());
        List<String> units = counted.stream().map(s -> names.get(s.unitId)).filter(Objects::nonNull).distinct().toList();
        DisclosureReport last = DisclosureReport.find("taskId = ?1 and publicAt is not null order by reportedAt desc, reportId",
                taskId).firstResult();
        PublicReport report = null;
        if (last != null) {
            String unitName = UnitReplica.namesOf(List.of(last.unitId)).get(last.unitId);
            report = new PublicReport(last.narrative, day(last.reportedAt), unitName, last.percentComplete);
        }
        AssignmentStatus first = rows.stream().min(Comparator.comparing(s -> s.assignedAt == null ? Instant.MIN : s.assignedAt))
                .orElseThrow();
        return new TaskContent(first.taskNumber, first.taskTitle, status, label, percent, units, report);
    }

    // ---- rules

    private ItemView publish(String kind, UUID targetId, UUID planId, String title, String summary) {
        UUID id = UUID.nameUUIDFromBytes(("disclosure:" + kind + ":" + targetId).getBytes(StandardCharsets.UTF_8));
        DisclosureItem item = em.find(DisclosureItem.class, id, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.instant();
        String actor = actor();
        Map<String, Object> before = null;
        if (item == null) {
            item = new DisclosureItem();
            item.itemId = id;
            item.kind = kind;
            item.targetId = targetId;
            long number = ((Number) em.createNativeQuery("select nextval('disclosure_index_seq')").getSingleResult()).longValue();
            item.indexNumber = "%s/%d-%05d".formatted(config.organisationCode(), ZonedDateTime.ofInstant(now, BEIJING).getYear(),
                    number);
        } else if (DisclosureItem.PUBLIC.equals(item.status)) {
            throw Problem.conflict(kind + " " + targetId + " is public already (" + item.indexNumber + ")").with("state",
                    DisclosureItem.PUBLIC);
        } else {
            before = History.fields("status", item.status, "title", item.title, "summary", item.summary);
        }
        item.planId = planId;
        item.title = brief(title, 200);
        item.summary = brief(summary, 1000);
        item.publisher = config.publisher();
        item.status = DisclosureItem.PUBLIC;
        item.publishedAt = now;
        item.publishedBy = actor;
        item.withdrawnAt = null;
        item.withdrawnBy = null;
        if (!item.isPersistent()) {
            item.persist();
        }
        history.record(HISTORY_ITEM, item.itemId, "PUBLISHED", actor, null, before, History.fields("status", DisclosureItem.PUBLIC,
                "kind", kind, "targetId", targetId.toString(), "indexNumber", item.indexNumber, "title", item.title, "summary",
                item.summary), now);
        return ItemView.of(item);
    }

    private static ReportView view(DisclosureReport r, Map<UUID, String> names) {
        return new ReportView(r.reportId, r.assignmentId, r.taskId, r.unitId, names.get(r.unitId), r.percentComplete, r.narrative,
                r.reportedAt, r.publicAt != null, r.publicAt, r.publicBy);
    }

    private String actor() {
        return identity.isAnonymous() ? "system" : identity.getPrincipal().getName();
    }

    static LocalDate day(Instant at) {
        return at == null ? null : LocalDate.ofInstant(at, BEIJING);
    }

    private static String brief(String s, int max) {
        String t = s == null ? "" : s.strip();
        return t.length() > max ? t.substring(0, max - 1) + "…" : t;
    }
}
