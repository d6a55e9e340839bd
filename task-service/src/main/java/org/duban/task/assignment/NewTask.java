package org.duban.task.assignment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import org.duban.task.plan.Role;

/**
 * The command of 交办 outside a plan ({@link Assigning#create}; {@code POST /api/tasks} takes it as its body): a task and
 * the units it is handed to. {@code dueAt} absent means ongoing (持续推进); a date alone ({@code 2021-12-31}) is the end
 * of that day in Beijing time.
 */
public record NewTask(@NotBlank @Size(max = 4000) String title,
        @JsonDeserialize(using = BeijingDueDate.class) Instant dueAt,
        @NotEmpty List<@Valid @NotNull NewAssignment> assignments) {

    /** One unit in one role. */
    public record NewAssignment(@NotNull UUID unitId, @NotNull Role role) {
    }
}
