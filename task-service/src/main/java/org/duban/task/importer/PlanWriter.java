package org.duban.task.importer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;

import org.duban.events.task.PlanPublished;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.time.ChineseDates;
import org.duban.platform.time.ClockProducer;
import org.duban.task.assignment.Assigning;
import org.duban.task.deadline.DeadlinePhrase;
import org.duban.task.importer.Parsed.AnnexDraft;
import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.SectionDraft;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Designation;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Plan;
import org.duban.task.plan.PlanViews;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.UpstreamLinks;
import org.duban.task.plan.TaskUnit;
import org.duban.task.plan.Role;

/**
 * Writes a read and resolved document in one transaction: plans, annexes, sections, tasks with their units in
 * document order, milestones, designations for groups without members, an assignment ({@code TaskAssigned}) per
 * resolved county unit and role, the proposed links between county and provincial tasks (whichever was imported
 * first), and {@code PlanPublished}. A dry run does all of it and rolls back, so its report is exactly what the
 * import would do.
 */
@ApplicationScoped
public class PlanWriter {

    /** The import's answer: the plans, whether they existed already, and the report. */
    public record Result(List<PlanViews.PlanView> plans, boolean existing, ImportReport report) {
    }

    @Inject
    EntityManager em;

    @Inject
    Assigning assigning;

    @Inject
    org.duban.task.assignment.AssignmentAudit assignmentAudit;

    @Inject
    org.duban.platform.audit.AuditTrail audit;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    TransactionManager tm;

    @Inject
    ImporterConfig config;

    /**
     * The plans already imported from this document, if every plan of it is known: by the digest of the document as read,
     * or — the same notice in another format (.docx, .xlsx with date cells, text) — by the digest of its content (tasks,
     * unit cells, due dates) with the same document number, or none printed on one side (none on either: the same title).
     */
    @Transactional
    public Result existing(List<String> digests, List<String> contentDigests, List<String> documentNumbers, List<String> titles) {
        List<PlanViews.PlanView> views = new ArrayList<>();
        boolean otherFormat = false;
        for (int i = 0; i < digests.size(); i++) {
            Plan plan = Plan.find("sourceDigest", digests.get(i)).firstResult();
            if (plan == null && contentDigests != null) {
                String number = documentNumbers.get(i);
                String title = titles.get(i);
                plan = Plan.<Plan> find("contentDigest = ?1 order by importedAt", contentDigests.get(i)).stream()
                        .filter(p -> number == null && p.documentNumber == null ? title.equals(p.title)
                                : number == null || p.documentNumber == null
                                        || number.equals(PlanLevel.fold(p.documentNumber).replaceAll("\\s+", "")))
                        .findFirst().orElse(null);
                otherFormat |= plan != null;
            }
            if (plan == null) {
                return null;
            }
            views.add(view(plan));
        }
        ImportReport report = new ImportReport();
        report.notes.add(otherFormat
                ? "this notice was imported before in another format (same document number and content): the existing plan is answered, nothing was added"
                : "this document was imported before (same content): the existing plan is answered, nothing was added");
        return new Result(views, true, report);
    }

    public PlanViews.PlanView view(Plan plan) {
        List<Annex> annexes = Annex.list("planId = ?1", plan.id);
        List<Section> sections = Section.list("planId = ?1", plan.id);
        Map<UUID, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("select t.sectionId, count(t) from Task t where t.planId = ?1 group by t.sectionId",
                Object[].class).setParameter(1, plan.id).getResultList()) {
            counts.put((UUID) row[0], (Long) row[1]);
        }
        return PlanViews.plan(plan, annexes, sections, counts);
    }

    @Transactional
    public Result write(PlanImporter.Prepared prepared, boolean dryRun) {
        ImportReport report = prepared.report();
        Instant now = clock.instant();
        assignmentAudit.importing(); // one audit entry per plan below, not one per 交办
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < prepared.plans().size(); i++) {
            written.add(writePlan(prepared.plans().get(i), prepared.digests().get(i), prepared.contentDigests().get(i),
                    prepared.units(), report, now, prepared.adoptedOn(), prepared.done()));
        }
        prepared.done().requireAllMatched(); // a name no task matched: 400, the transaction rolled back
        for (Written w : written) {
            link(w, report);
        }
        List<PlanViews.PlanView> views = new ArrayList<>();
        for (Written w : written) {
            Map<UUID, Long> counts = w.tasks.stream().collect(Collectors.groupingBy(t -> t.sectionId, Collectors.counting()));
            views.add(PlanViews.plan(w.plan, w.annexes, w.sections, counts));
            Map<UUID, Annex> annexById = w.annexes.stream().collect(Collectors.toMap(a -> a.id, a -> a));
            outbox.publishAll(w.announcements); // every TaskAssigned (and miss of work already late), in batch rows
            audit.record("plan.import", "PLAN", w.plan.id, null, org.duban.platform.audit.AuditTrail.fields("title", w.plan.title,
                    "documentNumber", w.plan.documentNumber, "level", w.plan.level, "tasks", w.tasks.size(), "announcements",
                    w.announcements.size(), "sourceDigest", w.plan.sourceDigest));
            outbox.publish(new PlanPublished(w.plan.id, w.plan.title, w.plan.documentNumber, w.plan.issuer, w.plan.level.name(),
                    w.plan.upstreamPlanId, w.sections.stream().map(s -> new PlanPublished.Section(s.id,
                            annexById.get(s.annexId).label, s.label, s.title)).toList(), w.tasks.size(), now));
        }
        if (dryRun) {
            try {
                tm.setRollbackOnly();
            } catch (SystemException e) {
                throw new IllegalStateException(e);
            }
            report.notes.add("dry run: nothing was saved and no event was published");
        }
        return new Result(views, false, report);
    }

    /** One plan as written, for linking and the answer. */
    private static final class Written {
        Plan plan;
        final List<Annex> annexes = new ArrayList<>();
        final List<Section> sections = new ArrayList<>();
        final List<Task> tasks = new ArrayList<>();
        final Map<UUID, List<Task>> tasksByAnnex = new LinkedHashMap<>();
        final Map<UUID, String> upstreamTitleByAnnex = new HashMap<>();
        /** The events of its assignments, written together before PlanPublished. */
        final List<Outbox.Entry> announcements = new ArrayList<>();
    }

    private Written writePlan(PlanDraft draft, String digest, String contentDigest,
            Map<UnitResolution.Ask, UnitResolution.Resolved> units, ImportReport report, Instant now, LocalDate adoptedOn,
            DoneAtImport done) {
        Written w = new Written();
        boolean assign = draft.level == config.homeLevel();
        // adopting a plan already under way: due dates before the adoption day count against nobody (only the county's own)
        Instant countsFrom = assign && adoptedOn != null ? adoptedOn.atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant() : null;
        Plan plan = assign ? null : madeFromMessages(draft);
        boolean joined = plan != null;
        if (joined) {
            // the provincial platform issued tasks of this document before it was imported: the document completes that
            // plan, and each task it issued stays the same task (its provincial state and links hang on its id)
            report.notes.add("《" + plan.title + "》 was already issued task by task by the provincial platform: the document"
                    + " completes that plan; its issued tasks are kept, not copied");
            plan.documentNumber = plan.documentNumber != null ? plan.documentNumber : draft.documentNumber;
            plan.issuer = draft.issuer != null ? draft.issuer : plan.issuer;
            plan.issuedOn = draft.issuedOn;
        } else {
            plan = new Plan();
            plan.id = UUID.randomUUID();
            plan.title = draft.title;
            plan.documentNumber = draft.documentNumber;
            plan.issuer = draft.issuer;
            plan.issuedOn = draft.issuedOn;
            plan.level = draft.level;
            plan.importedAt = now;
        }
        plan.sourceDigest = digest;
        plan.contentDigest = contentDigest;
        if (countsFrom != null) {
            plan.adoptedOn = adoptedOn;
            report.notes.add("adopted on " + adoptedOn + " (生效日期): due dates before it count against nobody; "
                    + "dueBeforeAdoption lists them to re-date (POST /api/plans/{id}/due-dates)");
        }
        if (!joined) {
            em.persist(plan);
        }
        w.plan = plan;
        if (!assign) {
            report.notes.add("《" + plan.title + "》 is a " + plan.level + " plan, not this " + config.homeLevel()
                    + "'s: an upstream plan, its units are recorded, no assignments are made");
        }
        for (AnnexDraft ad : draft.annexes) {
            Annex annex = joined ? Annex.find("planId = ?1 and ordinal = ?2", plan.id, ad.ordinal).firstResult() : null;
            if (annex == null) {
                annex = new Annex();
                annex.id = UUID.randomUUID();
                annex.planId = plan.id;
                annex.ordinal = ad.ordinal;
                annex.label = ad.label;
                annex.title = ad.title;
                em.persist(annex);
            }
            w.annexes.add(annex);
            w.tasksByAnnex.put(annex.id, new ArrayList<>());
            if (ad.upstreamTitle != null) {
                w.upstreamTitleByAnnex.put(annex.id, ad.upstreamTitle);
            }
            for (SectionDraft sd : ad.sections) {
                Section section = joined ? Section.find("annexId = ?1 and label = ?2", annex.id, sd.label).firstResult() : null;
                if (section == null) {
                    section = new Section();
                    section.id = UUID.randomUUID();
                    section.planId = plan.id;
                    section.annexId = annex.id;
                    section.ordinal = sd.ordinal;
                    section.label = sd.label;
                    section.title = sd.title;
                    em.persist(section);
                }
                w.sections.add(section);
                for (TaskDraft td : sd.tasks) {
                    Task issued = joined ? Task.find("planId = ?1 and number = ?2", plan.id, td.number()).firstResult() : null;
                    Task task = issued != null ? issued : task(plan, annex.label, section, td, report, now, countsFrom);
                    w.tasks.add(task);
                    w.tasksByAnnex.get(annex.id).add(task);
                    String level = plan.level.name();
                    Roles roles = new Roles();
                    // work already done when the plan is adopted (办结 at import): its assignments are made completed
                    roles.doneReason = assign ? done.reasonFor(annex.label, td.number(), draft.annexes.size() == 1) : null;
                    roles.actor = done.actor();
                    units(task, td, Role.LEAD, units.get(new UnitResolution.Ask(td.leadCell(), level)), assign,
                            roles, report, now, annex.label, w.announcements);
                    units(task, td, Role.CO_RESPONSIBLE,
                            units.get(new UnitResolution.Ask(td.responsibleCell(), level)), assign, roles, report, now,
                            annex.label, w.announcements);
                    if (assign) {
                        long leads = roles.held.values().stream().filter(r -> r[0].equals("LEAD")).count();
                        report.assignments.add(new ImportReport.AssignmentLine(td.line(), annex.label + " " + td.number(),
                                (int) leads, roles.held.size() - (int) leads));
                    }
                    if (roles.doneReason != null) {
                        report.completedAtImport.add(new ImportReport.DoneLine(td.line(), annex.label + " " + td.number(),
                                roles.held.size(), roles.doneReason));
                    }
                }
            }
        }
        return w;
    }

    private static void listBeforeAdoption(int line, String where, String phrase, String kind, Instant dueAt, Instant countsFrom,
            ImportReport report) {
        if (dueAt != null && dueAt.isBefore(countsFrom)) {
            report.dueBeforeAdoption.add(new ImportReport.DeadlineLine(line, where, phrase, kind, ChineseDates.day(dueAt),
                    "before the adoption date: counts against nobody until re-dated"));
        }
    }

    /** The upstream plan of this document that the provincial platform's messages made, by number or else by title. */
    private static Plan madeFromMessages(PlanDraft draft) {
        return Plan.<Plan> find("level = ?1 and sourceDigest like ?2 order by importedAt", draft.level, Plan.FROM_MESSAGES + "%")
                .stream().filter(p -> draft.documentNumber != null && draft.documentNumber.equals(p.documentNumber)
                        || (p.documentNumber == null || draft.documentNumber == null) && p.title.equals(draft.title))
                .findFirst().orElse(null);
    }

    private Task task(Plan plan, String annexLabel, Section section, TaskDraft td, ImportReport report, Instant now,
            Instant countsFrom) {
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.planId = plan.id;
        task.sectionId = section.id;
        task.number = td.number();
        task.ordinal = td.ordinal();
        task.title = td.text();
        task.createdAt = now;
        task.deadlinePhrase = td.deadlineCell() == null || td.deadlineCell().isBlank() ? null : td.deadlineCell();
        String where = annexLabel + " " + td.number();
        DeadlinePhrase.Reading reading;
        if (task.deadlinePhrase == null) {
            reading = new DeadlinePhrase.Reading(Task.DeadlineKind.ONGOING, null, List.of(), null);
            if (plan.level == config.homeLevel()) {
                report.unreadDeadlines.add(new ImportReport.DeadlineLine(td.line(), where, "", "ONGOING", null,
                        "no 完成时限: treated as ongoing, reported at the plan's cadence"));
            }
        } else {
            reading = DeadlinePhrase.read(task.deadlinePhrase, plan.issuedOn);
        }
        task.deadlineKind = reading.kind();
        task.dueAt = reading.dueAt();
        task.reportingCadence = reading.cadence();
        if (reading.unread() != null) {
            report.unreadDeadlines.add(new ImportReport.DeadlineLine(td.line(), where, task.deadlinePhrase, reading.kind().name(),
                    null, "not understood: treated as ongoing until a supervisor sets the deadline"));
        } else if (task.deadlinePhrase != null) {
            report.deadlines.add(new ImportReport.DeadlineLine(td.line(), where, task.deadlinePhrase, reading.kind().name(),
                    reading.dueAt() == null ? null : reading.dueAt().toString(), reading.note(),
                    reading.cadence() == null ? null : reading.cadence().toString()));
        }
        task.countsFrom = countsFrom;
        em.persist(task);
        int ordinal = 0;
        for (DeadlinePhrase.Target target : reading.milestones()) {
            milestone(task, ++ordinal, target, Milestone.Status.CONFIRMED, Milestone.Source.DEADLINE);
        }
        if (countsFrom != null) {
            listBeforeAdoption(td.line(), where, task.deadlinePhrase, "FINAL", task.dueAt, countsFrom, report);
            reading.milestones().forEach(m -> listBeforeAdoption(td.line(), where, m.label(), "MILESTONE", m.dueAt(), countsFrom, report));
        }
        for (DeadlinePhrase.Target target : DeadlinePhrase.datedPhrasesIn(td.text())) {
            milestone(task, ++ordinal, target, Milestone.Status.PROPOSED, Milestone.Source.TASK_TEXT);
            report.proposedMilestones.add(new ImportReport.DeadlineLine(td.line(), where, target.label(), "PROPOSED",
                    target.dueAt() == null ? null : target.dueAt().toString(), "dated phrase in the task's text: to be confirmed"));
        }
        return task;
    }

    private void milestone(Task task, int ordinal, DeadlinePhrase.Target target, Milestone.Status status, Milestone.Source source) {
        Milestone m = new Milestone();
        m.id = UUID.randomUUID();
        m.taskId = task.id;
        m.ordinal = ordinal;
        m.label = target.label();
        m.dueAt = target.dueAt();
        m.targetQuantity = target.quantity() == null ? null : new BigDecimal(target.quantity().toPlainString());
        m.targetUnit = target.unit();
        m.status = status;
        m.source = source;
        em.persist(m);
    }

    /**
     * One unit, one role per task: the units a task reaches (named, or members of a named group), each once, in the first
     * role that reached it. The lead cell is expanded before the responsible cell, so a unit named as lead is not also
     * co-responsible through a group (县直相关单位); a unit named twice, or reached through two groups, is assigned once.
     * Every unit reached again is a merge line in the report.
     */
    private static final class Roles {
        /** unit → the role it holds and how it was reached (“named”, “through 县直相关单位”). */
        final Map<UUID, String[]> held = new HashMap<>();
        /** Why the task's work is already done (办结 at import), or null: its assignments are then made completed. */
        String doneReason;
        /** Who marked it done: the importer. */
        String actor;

        /** Whether the unit is new to the task (then it is recorded); otherwise a merge line is reported. */
        boolean take(UUID unit, String name, Role role, String how, TaskDraft td, String where, ImportReport report) {
            String[] first = held.get(unit);
            if (first == null) {
                held.put(unit, new String[] { role.name(), how });
                return true;
            }
            report.merges.add(new ImportReport.MergeLine(td.line(), where, unit, name, first[0], first[1], role.name(), how,
                    name + " is " + first[0] + " (" + first[1] + "), also " + role.name() + " (" + how + "): one " + first[0]
                            + " assignment"));
            return false;
        }
    }

    /** 交办, or, for work marked done at import ({@code doneReason}), an assignment made completed. */
    private void assign(Task task, UUID unitId, Role role, Instant now, List<Outbox.Entry> announcements, String doneReason,
            String actor) {
        if (doneReason == null) {
            assigning.assign(task, unitId, role, now, announcements);
        } else {
            assigning.assignDone(task, unitId, role, now, announcements, doneReason, actor);
        }
    }

    private void units(Task task, TaskDraft td, Role role, UnitResolution.Resolved resolved, boolean assign,
            Roles roles, ImportReport report, Instant now, String annex, List<Outbox.Entry> announcements) {
        if (resolved == null) {
            return; // an empty cell
        }
        String where = annex + " " + td.number();
        int position = 0;
        for (UnitResolution.Fragment f : resolved.fragments()) {
            TaskUnit tu = new TaskUnit();
            tu.taskId = task.id;
            tu.role = role;
            tu.position = position++;
            tu.name = f.text();
            List<String> candidates = f.candidates() == null ? List.of()
                    : f.candidates().stream().map(c -> c.name() + " (" + Math.round(c.score() * 100) / 100.0 + ")").toList();
            if ("UNIT".equals(f.outcome()) && f.unit() != null) {
                tu.unitId = f.unit().id();
                tu.resolvedName = f.unit().name();
                tu.resolution = TaskUnit.Resolution.valueOf(f.match());
                tu.score = f.score() == null ? null : f.score().floatValue();
                if (assign && roles.take(tu.unitId, f.unit().name(), role, "named", td, where, report)) {
                    assign(task, tu.unitId, role, now, announcements, roles.doneReason, roles.actor);
                }
            } else if ("GROUP".equals(f.outcome()) && f.group() != null) {
                tu.groupId = f.group().id();
                tu.resolvedName = f.group().name();
                tu.resolution = TaskUnit.Resolution.valueOf(f.match());
                tu.score = f.score() == null ? null : f.score().floatValue();
                List<UnitResolution.Ref> members = f.group().members() == null ? List.of() : f.group().members();
                if (members.isEmpty()) {
                    Designation d = new Designation();
                    d.id = UUID.randomUUID();
                    d.taskId = task.id;
                    d.groupId = f.group().id();
                    d.groupName = f.group().name();
                    d.role = role;
                    d.status = Designation.Status.PENDING;
                    d.createdAt = now;
                    em.persist(d);
                    report.designations.add(new ImportReport.DesignationLine(td.line(), where, role.name(), f.group().name(),
                            f.group().id()));
                } else if (assign) {
                    for (UnitResolution.Ref member : members) {
                        if (roles.take(member.id(), member.name(), role, "through " + f.group().name(), td, where, report)) {
                            assign(task, member.id(), role, now, announcements, roles.doneReason, roles.actor);
                        }
                    }
                }
            } else {
                tu.resolution = TaskUnit.Resolution.UNRESOLVED;
            }
            em.persist(tu);
            String level = f.unit() != null ? f.unit().level() : f.group() != null ? f.group().level() : null;
            report.units.add(new ImportReport.UnitLine(td.line(), where, role.name(), f.text(), f.outcome(), f.match(), f.score(),
                    tu.unitId, tu.groupId, tu.resolvedName, level, candidates));
        }
    }

    /**
     * Proposes links to plans above for whichever side is new: this plan's annexes to the upstream plans their titles
     * cite (a province's or a city's, of a higher level than this plan), and the annexes of plans below that cite this
     * one and are not linked yet. Confirmed links are left alone.
     */
    private void link(Written w, ImportReport report) {
        int rank = PlanLevel.rank(w.plan.level);
        Set<UUID> upstreamPlans = new HashSet<>();
        for (Annex annex : w.annexes) {
            String title = w.upstreamTitleByAnnex.get(annex.id);
            if (title == null) {
                continue;
            }
            Plan upstream = Plan.<Plan> find("title = ?1 order by importedAt desc", title).stream()
                    .filter(p -> PlanLevel.rank(p.level) < rank).findFirst().orElse(null);
            if (upstream == null) {
                report.notes.add(annex.label + " implements 《" + title + "》, not imported yet: its tasks are linked when it is");
                continue;
            }
            annex.upstreamPlanId = upstream.id;
            upstreamPlans.add(upstream.id);
            linkTasks(w.plan, annex, w.tasksByAnnex.get(annex.id), upstream, report);
        }
        if (upstreamPlans.size() == 1 && w.annexes.stream().allMatch(a -> a.upstreamPlanId != null)) {
            w.plan.upstreamPlanId = upstreamPlans.iterator().next();
        }
        for (Annex annex : w.annexes) {
            report.annexes.add(new ImportReport.AnnexLine(w.plan.title, annex.label, annex.title, w.upstreamTitleByAnnex.get(annex.id),
                    annex.upstreamPlanId));
        }
        if (w.plan.level == Plan.Level.TOWNSHIP) {
            return;
        }
        // annexes citing this plan in their own title, or whose notice's title cites it (Upstream.cite's fallback)
        List<Annex> below = Annex.list("upstreamPlanId is null and (title like ?1 or planId in (select p.id from Plan p"
                + " where p.title like ?1))", "%" + w.plan.title + "%");
        for (Annex annex : below) {
            Plan lower = Plan.findById(annex.planId);
            if (lower == null || PlanLevel.rank(lower.level) <= rank || annex.planId.equals(w.plan.id)) {
                continue;
            }
            List<String> own = Upstream.cited(annex.title);
            List<String> fromNotice = Upstream.cited(lower.title);
            boolean cites = own.isEmpty() ? fromNotice.size() == 1 ? fromNotice.get(0).equals(w.plan.title)
                    : fromNotice.size() > 1 && w.plan.title.equals(fromNotice.get(Math.min(annex.ordinal, fromNotice.size()) - 1))
                    : own.get(0).equals(w.plan.title);
            if (!cites) {
                continue;
            }
            annex.upstreamPlanId = w.plan.id;
            List<Task> lowerTasks = Task.list("sectionId in (select s.id from Section s where s.annexId = ?1) order by ordinal",
                    annex.id);
            linkTasks(lower, annex, lowerTasks, w.plan, report);
            List<Annex> all = Annex.list("planId = ?1", lower.id);
            Set<UUID> ups = all.stream().map(a -> a.upstreamPlanId).collect(Collectors.toSet());
            if (ups.size() == 1 && !ups.contains(null)) {
                lower.upstreamPlanId = w.plan.id;
            }
        }
    }

    private void linkTasks(Plan county, Annex annex, List<Task> countyTasks, Plan provincial, ImportReport report) {
        List<Task> provincialTasks = Task.list("planId = ?1 order by ordinal", provincial.id);
        List<Task> open = countyTasks.stream().filter(t -> !t.upstreamConfirmed).toList();
        Set<UUID> taken = countyTasks.stream().filter(t -> t.upstreamConfirmed && t.upstreamTaskId != null)
                .map(t -> t.upstreamTaskId).collect(Collectors.toSet());
        List<Task> candidates = provincialTasks.stream().filter(p -> !taken.contains(p.id)).toList();
        Set<UUID> linked = new HashSet<>(taken);
        for (UpstreamLinks.Link l : UpstreamLinks.match(open, candidates)) {
            l.county().upstreamTaskId = l.provincial().id;
            l.county().upstreamScore = (float) l.score();
            l.county().upstreamConfirmed = false;
            linked.add(l.provincial().id);
            report.upstreamLinks.add(new ImportReport.LinkLine(annex.label, l.county().number, l.county().id, provincial.title,
                    l.provincial().number, l.provincial().id, Math.round(l.score() * 1000) / 1000.0));
        }
        for (Task c : open) {
            if (c.upstreamTaskId == null) {
                report.notes.add(annex.label + " " + c.number + ": no provincial task of 《" + provincial.title + "》 is similar enough");
            }
        }
        for (Task p : provincialTasks) {
            if (!linked.contains(p.id)) {
                report.upstreamWithoutCounterpart.add(new ImportReport.Unmatched(provincial.title, provincial.id, p.number, p.id,
                        TableReader.abbreviate(p.title)));
            }
        }
    }
}
