package org.duban.supervision.warning;

import java.util.Optional;
import java.util.UUID;

/**
 * What a card by hand may name: the tasks and assignments the supervision office knows, from its read model
 * ({@code status/}, which implements this). A port, so cards do not depend on the board that issues rule cards (issue 23:
 * no cycle between the packages).
 */
public interface CardedWork {

    /** Some assignment of the task is on the board. */
    boolean knowsTask(UUID taskId);

    /** The assignment's unit and task, if it is on the board. */
    Optional<Work> assignment(UUID assignmentId);

    record Work(UUID unitId, UUID taskId) {
    }
}
