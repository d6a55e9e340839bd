package org.duban.task.importer;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.duban.platform.time.ClockProducer;
import org.duban.task.importer.Parsed.AnnexDraft;
import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.SectionDraft;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.PlanViews;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.Role;

/**
 * Writes a read and resolved document in one transaction, and is that transaction's orchestration: per plan its
 * outline ({@link PlanOutline}: plan, annexes, sections), each task with its deadline and milestones
 * ({@link ImportedTasks}), its unit cells with designations and assignments, one role per unit ({@link TaskUnitCells},
 * {@link TaskRoles}, {@link ImportAssignments}: 交办, or work done at import), then the proposed links between plans
 * ({@link PlanLinks}, whichever was imported first), every {@code TaskAssigned} in batch rows and {@code PlanPublished}.
 * A dry run does all of it and rolls back, so its report is exactly what the import would do.
 */
@ApplicationScoped
public class PlanWriter {

    /** The import's answer: the plans, whether they existed already, and the report. */
    public record Result(List<PlanViews.PlanView> plans, boolean existing, ImportReport report) {
    }

    @Inject
    EntityManager em;

    @Inject
    PlanOutline outline;

    @Inject
    ImportedTasks tasks;

    @Inject
    TaskUnitCells cells;

    @Inject
    PlanLinks links;

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
        List<WrittenPlan> written = new ArrayList<>();
        for (int i = 0; i < prepared.plans().size(); i++) {
            written.add(writePlan(prepared.plans().get(i), prepared.digests().get(i), prepared.contentDigests().get(i),
                    prepared.units(), report, now, prepared.adoptedOn(), prepared.done()));
        }
        prepared.done().requireAllMatched(); // a name no task matched: 400, the transaction rolled back
        for (WrittenPlan w : written) {
            links.link(w, report);
        }
        List<PlanViews.PlanView> views = new ArrayList<>();
        for (WrittenPlan w : written) {
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

    private WrittenPlan writePlan(PlanDraft draft, String digest, String contentDigest,
            Map<UnitResolution.Ask, UnitResolution.Resolved> units, ImportReport report, Instant now, LocalDate adoptedOn,
            DoneAtImport done) {
        boolean assign = draft.level == config.homeLevel();
        // adopting a plan already under way: due dates before the adoption day count against nobody (only the county's own)
        Instant countsFrom = assign && adoptedOn != null ? adoptedOn.atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant() : null;
        WrittenPlan w = outline.plan(draft, digest, contentDigest, assign, adoptedOn, countsFrom, now, report);
        String level = w.plan.level.name();
        for (AnnexDraft ad : draft.annexes) {
            Annex annex = outline.annex(w, ad);
            w.add(annex, ad.upstreamTitle);
            for (SectionDraft sd : ad.sections) {
                Section section = outline.section(w, annex, sd);
                w.sections.add(section);
                for (TaskDraft td : sd.tasks) {
                    Task issued = outline.issued(w, td);
                    Task task = issued != null ? issued : tasks.write(w.plan, annex.label, section, td, report, now, countsFrom);
                    w.add(annex, task);
                    String where = annex.label + " " + td.number();
                    // work already done when the plan is adopted (办结 at import): its assignments are made completed
                    TaskRoles roles = new TaskRoles(assign ? done.reasonFor(annex.label, td.number(), draft.annexes.size() == 1) : null,
                            done.actor());
                    cells.write(task, td, Role.LEAD, units.get(new UnitResolution.Ask(td.leadCell(), level)), assign, roles, report,
                            now, where, w.announcements);
                    cells.write(task, td, Role.CO_RESPONSIBLE, units.get(new UnitResolution.Ask(td.responsibleCell(), level)),
                            assign, roles, report, now, where, w.announcements);
                    if (assign) {
                        roles.report(td, where, report);
                    }
                }
            }
        }
        return w;
    }
}
