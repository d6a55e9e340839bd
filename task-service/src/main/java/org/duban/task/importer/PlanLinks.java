package org.duban.task.importer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Task;
import org.duban.task.plan.UpstreamLinks;

/**
 * Proposes links to plans above for whichever side is new: this plan's annexes to the upstream plans their titles
 * cite (a province's or a city's, of a higher level than this plan), and the annexes of plans below that cite this
 * one and are not linked yet; tasks are paired by {@link UpstreamLinks}. Confirmed links are left alone.
 */
@ApplicationScoped
class PlanLinks {

    void link(WrittenPlan w, ImportReport report) {
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
            linkTasks(annex, w.tasksByAnnex.get(annex.id), upstream, report);
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
            linkTasks(annex, lowerTasks, w.plan, report);
            List<Annex> all = Annex.list("planId = ?1", lower.id);
            Set<UUID> ups = all.stream().map(a -> a.upstreamPlanId).collect(Collectors.toSet());
            if (ups.size() == 1 && !ups.contains(null)) {
                lower.upstreamPlanId = w.plan.id;
            }
        }
    }

    private void linkTasks(Annex annex, List<Task> countyTasks, Plan provincial, ImportReport report) {
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
