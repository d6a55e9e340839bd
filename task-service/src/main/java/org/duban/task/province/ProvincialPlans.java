package org.duban.task.province;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.duban.events.province.ProvincialTaskIssued;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;

/**
 * Where an issued task lives: the PROVINCE-level plan of its document (found by document number, or by title when the
 * province sends no number or the imported document has none), its section by label, and the task by its printed
 * number. A provincial document imported before (plan level PROVINCE, same number or title) is that plan, so the
 * issued task is the imported task, never a second copy.
 */
@ApplicationScoped
public class ProvincialPlans {

    /** The plan of the issued task's document, created (with one annex 正文, as the importer makes it) if new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Plan plan(ProvincialTaskIssued issued, Instant now) {
        String number = blankToNull(issued.documentNumber());
        String title = documentTitle(issued.documentTitle());
        Plan plan = null;
        if (number != null) {
            plan = Plan.find("level = ?1 and documentNumber = ?2 order by importedAt", Plan.Level.PROVINCE, number).firstResult();
        }
        if (plan == null && title != null) {
            // by title: an imported document has no number (the work points are printed without one), or the province
            // sends none; a plan of the same title with another number is another document
            plan = Plan.<Plan> find("level = ?1 and title = ?2 order by importedAt", Plan.Level.PROVINCE, title).stream()
                    .filter(p -> number == null || p.documentNumber == null || number.equals(p.documentNumber))
                    .findFirst().orElse(null);
        }
        if (plan != null) {
            if (plan.documentNumber == null && number != null) {
                plan.documentNumber = number; // the province names the document the import could not
            }
            return plan;
        }
        plan = new Plan();
        plan.id = UUID.randomUUID();
        plan.title = title != null ? title : number;
        plan.documentNumber = number;
        plan.issuer = blankToNull(issued.senderOrg());
        plan.level = Plan.Level.PROVINCE;
        // source_digest is unique and required: a plan made from messages has no document, its key is the document's name
        plan.sourceDigest = Plan.FROM_MESSAGES + (number != null ? number : title);
        plan.importedAt = now;
        plan.persist();
        return plan;
    }

    /** The section of that label (一, 二 …) in the plan, created under the plan's first annex when new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Section section(Plan plan, String label, String title) {
        String l = label == null ? "" : label.strip().replaceAll("[、.．\\s]+$", "");
        Section section = Section.find("planId = ?1 and label = ?2", plan.id, l).firstResult();
        if (section != null) {
            return section;
        }
        Annex annex = Annex.find("planId = ?1 order by ordinal", plan.id).firstResult();
        if (annex == null) {
            annex = new Annex();
            annex.id = UUID.randomUUID();
            annex.planId = plan.id;
            annex.ordinal = 1;
            annex.label = "正文";
            annex.title = plan.title;
            annex.persist();
        }
        int ordinal = Numbers.value(l);
        Integer max = Section.find("select max(s.ordinal) from Section s where s.annexId = ?1", annex.id).project(Integer.class)
                .firstResult();
        boolean taken = ordinal > 0 && Section.count("annexId = ?1 and ordinal = ?2", annex.id, ordinal) > 0;
        section = new Section();
        section.id = UUID.randomUUID();
        section.planId = plan.id;
        section.annexId = annex.id;
        section.ordinal = ordinal > 0 && !taken ? ordinal : (max == null ? 0 : max) + 1;
        section.label = l;
        section.title = title == null ? "" : title.strip();
        section.persist();
        return section;
    }

    /** The plan's task of that printed number, or null. */
    public Task task(Plan plan, String number) {
        return Task.find("planId = ?1 and number = ?2", plan.id, number).firstResult();
    }

    /** A new task of the plan as the province describes it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Task create(Plan plan, Section section, ProvincialTaskIssued issued, String number, Instant now) {
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.planId = plan.id;
        task.sectionId = section.id;
        task.number = number;
        int ordinal = Numbers.value(number);
        task.ordinal = ordinal > 0 ? ordinal : null;
        // the full text, like an imported task's title (the linking compares texts); the short title when there is none
        task.title = blankToNull(issued.text()) != null ? issued.text().strip() : issued.title().strip();
        task.dueAt = issued.dueAt();
        task.deadlineKind = issued.dueAt() == null ? Task.DeadlineKind.ONGOING : Task.DeadlineKind.DATE;
        task.deadlinePhrase = blankToNull(issued.deadlineText());
        task.createdAt = now;
        task.persist();
        return task;
    }

    /** The title as the importer stores it: without 《》. */
    static String documentTitle(String title) {
        String t = blankToNull(title);
        return t == null ? null : t.replaceAll("^《|》$", "").strip();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
