package org.duban.task.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.task.CalendarYearUnknown;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.schema.SchemaMigration;
import org.duban.platform.time.ClockProducer;
import org.duban.task.deadline.WorkingDays;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * The 1 December notice (issue 18): from {@code duban.calendar.warn-from} (Beijing time), while next year's working-day
 * calendar is not known (neither the library nor an admin's entry in the database), {@code CalendarYearUnknown} is
 * announced for that year, once: the year's row in {@code calendar_year_notice} (V34) is inserted in the transaction that
 * writes the event, so two instances checking at once, a restart or the next check announce nothing more; the event's id
 * derives from the year as well. notification-service turns it into notices for the admin and the supervision office;
 * readiness ({@link CalendarReadiness}) says the same for as long as it holds.
 */
@ApplicationScoped
public class CalendarYearNotice {

    private static final Logger LOG = Logger.getLogger(CalendarYearNotice.class);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    CalendarConfig config;

    @Inject
    Outbox outbox;

    @Inject
    SchemaMigration schema;

    @Scheduled(every = "${duban.calendar.unknown-year-check:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "calendar-unknown-year-check")
    void scheduled() {
        if (!schema.isMigrated()) {
            return;
        }
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("check of next year's working-day calendar failed, the next one tries again: %s", e.getMessage());
        }
    }

    /**
     * Announces next year as unknown if it is time to and nobody has yet; returns the year announced now, if any.
     * Concurrent callers: the primary key of {@code calendar_year_notice} lets one insert win, the others wait for it and
     * insert nothing.
     */
    @Transactional
    public OptionalInt check() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ClockProducer.COUNTY_ZONE);
        int next = today.getYear() + 1;
        if (today.isBefore(config.warnFrom().atYear(today.getYear())) || known(next)) {
            return OptionalInt.empty();
        }
        int inserted = em.createNativeQuery("""
                insert into calendar_year_notice (year, checked_on, announced_at) values (?1, ?2, ?3) on conflict do nothing""")
                .setParameter(1, next).setParameter(2, today).setParameter(3, now).executeUpdate();
        if (inserted == 0) {
            return OptionalInt.empty();
        }
        outbox.publish(new CalendarYearUnknown(next, today, now), eventId(next));
        LOG.infof("working-day calendar of %d not known on %s: announced CalendarYearUnknown", next, today);
        return OptionalInt.of(next);
    }

    /**
     * Known by the library, or entered by an admin on any instance (the database, not this instance's installed overrides,
     * which another instance's entry reaches only at the next refresh).
     */
    private boolean known(int year) {
        return WorkingDays.china().libraryKnows(year) || CalendarOverride.findById(year) != null;
    }

    /** Name-based on the year: the one notice of that year has one id wherever it is announced. */
    static UUID eventId(int year) {
        return UUID.nameUUIDFromBytes(("calendar-year-unknown/" + year).getBytes(StandardCharsets.UTF_8));
    }
}
