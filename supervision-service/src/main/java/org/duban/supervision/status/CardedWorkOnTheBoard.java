package org.duban.supervision.status;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.duban.supervision.warning.CardedWork;

/** The tasks and assignments a card by hand may name: those on the board ({@link AssignmentStatus}). */
@ApplicationScoped
public class CardedWorkOnTheBoard implements CardedWork {

    @Override
    public boolean knowsTask(UUID taskId) {
        return AssignmentStatus.count("taskId", taskId) > 0;
    }

    @Override
    public Optional<Work> assignment(UUID assignmentId) {
        return AssignmentStatus.<AssignmentStatus> findByIdOptional(assignmentId).map(a -> new Work(a.unitId, a.taskId));
    }
}
