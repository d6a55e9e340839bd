package org.duban.task.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.platform.outbox.Outbox;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;

/** One plan as the import wrote it, for linking ({@link PlanLinks}) and the answer ({@link PlanWriter}). */
final class WrittenPlan {

    final Plan plan;
    /** Whether the plan was made before by the provincial platform's messages and the document completes it. */
    final boolean joined;
    final List<Annex> annexes = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();
    final List<Task> tasks = new ArrayList<>();
    final Map<UUID, List<Task>> tasksByAnnex = new LinkedHashMap<>();
    final Map<UUID, String> upstreamTitleByAnnex = new HashMap<>();
    /** The events of its assignments, written together before PlanPublished. */
    final List<Outbox.Entry> announcements = new ArrayList<>();

    WrittenPlan(Plan plan, boolean joined) {
        this.plan = plan;
        this.joined = joined;
    }

    void add(Annex annex, String upstreamTitle) {
        annexes.add(annex);
        tasksByAnnex.put(annex.id, new ArrayList<>());
        if (upstreamTitle != null) {
            upstreamTitleByAnnex.put(annex.id, upstreamTitle);
        }
    }

    void add(Annex annex, Task task) {
        tasks.add(task);
        tasksByAnnex.get(annex.id).add(task);
    }
}
