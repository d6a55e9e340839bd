package org.duban.task.importer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.task.importer.Parsed.AnnexDraft;
import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.SectionDraft;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;

/**
 * Writes the outline of an imported document: the plan, its annexes and sections — new, or, when the provincial
 * platform issued the document's tasks before it was imported, the plan its messages made, completed (its issued
 * tasks are kept, not copied).
 */
@ApplicationScoped
class PlanOutline {

    @Inject
    EntityManager em;

    @Inject
    ImporterConfig config;

    /**
     * The plan of {@code draft}: the one the provincial platform's messages made (an upstream plan only), else a new one.
     * {@code adoptedOn}, for a plan adopted under way ({@code countsFrom} its start), is recorded.
     */
    WrittenPlan plan(PlanDraft draft, String digest, String contentDigest, boolean assign, LocalDate adoptedOn,
            Instant countsFrom, Instant now, ImportReport report) {
        Plan plan = assign ? null : madeFromMessages(draft);
        boolean joined = plan != null;
        if (joined) {
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
        if (!assign) {
            report.notes.add("《" + plan.title + "》 is a " + plan.level + " plan, not this " + config.homeLevel()
                    + "'s: an upstream plan, its units are recorded, no assignments are made");
        }
        return new WrittenPlan(plan, joined);
    }

    /** The annex of {@code ad}: the joined plan's of that ordinal, else a new one. */
    Annex annex(WrittenPlan w, AnnexDraft ad) {
        Annex annex = w.joined ? Annex.find("planId = ?1 and ordinal = ?2", w.plan.id, ad.ordinal).firstResult() : null;
        if (annex == null) {
            annex = new Annex();
            annex.id = UUID.randomUUID();
            annex.planId = w.plan.id;
            annex.ordinal = ad.ordinal;
            annex.label = ad.label;
            annex.title = ad.title;
            em.persist(annex);
        }
        return annex;
    }

    /** The section of {@code sd}: the joined plan's of that label in the annex, else a new one. */
    Section section(WrittenPlan w, Annex annex, SectionDraft sd) {
        Section section = w.joined ? Section.find("annexId = ?1 and label = ?2", annex.id, sd.label).firstResult() : null;
        if (section == null) {
            section = new Section();
            section.id = UUID.randomUUID();
            section.planId = w.plan.id;
            section.annexId = annex.id;
            section.ordinal = sd.ordinal;
            section.label = sd.label;
            section.title = sd.title;
            em.persist(section);
        }
        return section;
    }

    /** The task the provincial platform issued with {@code td}'s number, for a joined plan; else null. */
    Task issued(WrittenPlan w, TaskDraft td) {
        return w.joined ? Task.find("planId = ?1 and number = ?2", w.plan.id, td.number()).firstResult() : null;
    }

    /** The upstream plan of this document that the provincial platform's messages made, by number or else by title. */
    private static Plan madeFromMessages(PlanDraft draft) {
        return Plan.<Plan> find("level = ?1 and sourceDigest like ?2 order by importedAt", draft.level, Plan.FROM_MESSAGES + "%")
                .stream().filter(p -> draft.documentNumber != null && draft.documentNumber.equals(p.documentNumber)
                        || (p.documentNumber == null || draft.documentNumber == null) && p.title.equals(draft.title))
                .findFirst().orElse(null);
    }
}
