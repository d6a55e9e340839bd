package org.duban.events;

/** Kafka topics, one per producing aggregate family. Keys are aggregate ids. */
public final class Topics {
    /** Unit lifecycle events from unit-service, keyed by unit id. */
    public static final String UNIT_EVENTS = "duban.unit.events";
    /**
     * The whole state of every unit, one {@code UnitSnapshot} per change, keyed by unit id and compacted
     * ({@code cleanup.policy=compact}), so reading it from the start rebuilds a replica.
     */
    public static final String UNIT_SNAPSHOTS = "duban.unit.snapshots";
    /** Task, assignment, progress and deadline events from task-service, keyed by task id. */
    public static final String TASK_EVENTS = "duban.task.events";
    /** Warnings, inspections, findings, rectifications and bulletins from supervision-service, keyed as each record says. */
    public static final String SUPERVISION_EVENTS = "duban.supervision.events";
    /**
     * What the provincial platform sent, as Duban events, from province-gateway (the only service that speaks the
     * province's format), keyed by the province's task number (provTaskId) so one task's messages stay in order.
     */
    public static final String PROVINCE_EVENTS = "duban.province.events";
    /** Suffix SmallRye's dead-letter strategy is configured with: {@code <topic>.dlq}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }
}
