package org.duban.events.task;

import java.time.Instant;
import java.time.LocalDate;

import org.duban.events.DomainEvent;

/**
 * From {@code duban.calendar.warn-from} (1 December, Beijing time) the working-day calendar does not know next year
 * ({@code year}): neither the holiday library nor an admin's entry has the State Council's arrangement, so deadlines
 * counted in working days of that year count weekends only until an admin enters it ({@code PUT /api/calendar/{year}}).
 * Announced once per year by task-service (id derived from the year); {@code checkedOn} is the Beijing day it was
 * noticed. Both fields may be null when read from a producer that left them out. v1.
 */
public record CalendarYearUnknown(Integer year, LocalDate checkedOn, Instant detectedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return "calendar-" + year;
    }
}
