package org.duban.task.assignment;

import java.util.UUID;

/** What a command that creates something answers beside its Location header: the new id. */
public record Created(UUID id) {
}
