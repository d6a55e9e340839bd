package org.duban.task.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;


/** What the plan and task read API answers (and the importer returns). */
public final class PlanViews {

    private PlanViews() {
    }

    public record SectionView(UUID id, String label, String title, int ordinal, long taskCount) {
    }

    public record AnnexView(UUID id, String label, String title, int ordinal, UUID upstreamPlanId, long taskCount,
            List<SectionView> sections) {
    }

    public record PlanView(UUID id, String title, String documentNumber, String issuer, LocalDate issuedOn, Plan.Level level,
            UUID upstreamPlanId, String reportingCadence, Instant importedAt, long taskCount, List<AnnexView> annexes) {
    }

    public record PlanSummary(UUID id, String title, String documentNumber, Plan.Level level, LocalDate issuedOn,
            Instant importedAt, long taskCount) {
    }

    /** A unit or group a task names: the printed name, and what it resolved to. */
    @Schema(name = "TaskUnitRef")
    public record UnitRef(UUID id, String name, String printed, UUID groupId, TaskUnit.Resolution resolution) {
    }

    public record MilestoneView(UUID id, int ordinal, String label, Instant dueAt, BigDecimal targetQuantity, String targetUnit,
            Milestone.Status status, Milestone.Source source) {
    }

    public record DeadlineView(Task.DeadlineKind kind, String phrase, Instant dueAt, String reportingCadence,
            List<MilestoneView> milestones) {
    }

    public record DesignationView(UUID id, UUID groupId, String group, Role role, Designation.Status status) {
    }

    public record TaskView(UUID id, UUID planId, UUID annexId, String annex, UUID sectionId, String section, String number,
            Integer ordinal, String text, List<UnitRef> leadUnits, List<UnitRef> responsibleUnits,
            List<DesignationView> toBeDesignated, DeadlineView deadline, UUID upstreamTaskId, Float upstreamScore,
            boolean upstreamConfirmed) {
    }

    public static PlanView plan(Plan plan, List<Annex> annexes, List<Section> sections, Map<UUID, Long> tasksPerSection) {
        List<AnnexView> annexViews = annexes.stream().sorted(Comparator.comparingInt(a -> a.ordinal)).map(a -> {
            List<SectionView> sv = sections.stream().filter(s -> s.annexId.equals(a.id))
                    .sorted(Comparator.comparingInt(s -> s.ordinal))
                    .map(s -> new SectionView(s.id, s.label, s.title, s.ordinal, tasksPerSection.getOrDefault(s.id, 0L)))
                    .toList();
            return new AnnexView(a.id, a.label, a.title, a.ordinal, a.upstreamPlanId,
                    sv.stream().mapToLong(SectionView::taskCount).sum(), sv);
        }).toList();
        return new PlanView(plan.id, plan.title, plan.documentNumber, plan.issuer, plan.issuedOn, plan.level,
                plan.upstreamPlanId, plan.reportingCadence == null ? null : plan.reportingCadence.toString(), plan.importedAt,
                annexViews.stream().mapToLong(AnnexView::taskCount).sum(), annexViews);
    }

    public static TaskView task(Task task, Section section, Annex annex, Plan plan, List<TaskUnit> units, List<Milestone> milestones,
            List<Designation> designations) {
        Map<Role, List<UnitRef>> byRole = units.stream().sorted(Comparator.comparingInt(u -> u.position))
                .collect(Collectors.groupingBy(u -> u.role, Collectors.mapping(
                        u -> new UnitRef(u.unitId, u.resolvedName, u.name, u.groupId, u.resolution), Collectors.toList())));
        String cadence = task.deadlineKind == Task.DeadlineKind.ONGOING
                ? String.valueOf(task.reportingCadence != null ? task.reportingCadence
                        : plan != null && plan.reportingCadence != null ? plan.reportingCadence : null)
                : null;
        DeadlineView deadline = new DeadlineView(task.deadlineKind, task.deadlinePhrase, task.dueAt, cadence,
                milestones.stream().sorted(Comparator.comparingInt(m -> m.ordinal))
                        .map(m -> new MilestoneView(m.id, m.ordinal, m.label, m.dueAt, m.targetQuantity, m.targetUnit, m.status,
                                m.source))
                        .toList());
        return new TaskView(task.id, task.planId, annex == null ? null : annex.id, annex == null ? null : annex.label,
                task.sectionId, section == null ? null : section.label + "、" + section.title, task.number, task.ordinal,
                task.title, byRole.getOrDefault(Role.LEAD, List.of()),
                byRole.getOrDefault(Role.CO_RESPONSIBLE, List.of()),
                designations.stream().map(d -> new DesignationView(d.id, d.groupId, d.groupName, d.role, d.status)).toList(),
                deadline, task.upstreamTaskId, task.upstreamScore, task.upstreamConfirmed);
    }
}
