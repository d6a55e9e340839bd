package org.duban.web.importer;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.web.config.WebConfig;

/**
 * A document between its dry run and its import: the supervisor sees the report first and then confirms, without
 * uploading again. Kept in this process's memory for {@code duban.web.import-ticket-ttl}, for the user who uploaded
 * it only; a restart (or a second web instance) just means uploading again. Hand-written because a map with an
 * expiry is all it needs (no cache library in this module).
 */
@ApplicationScoped
public class ImportTickets {

    /**
     * {@code adoptedOn}: the 生效日期 the dry run was read with (null for none); {@code report}: the dry run's answer as
     * the page shows it, to show again while names are left to confirm.
     */
    public record Ticket(String owner, String fileName, String contentType, byte[] body, String adoptedOn,
            Map<String, Object> report, Instant expires) {
    }

    private static final int MAX_TICKETS = 50;

    private final Map<UUID, Ticket> tickets = new ConcurrentHashMap<>();

    @Inject
    WebConfig config;

    final Clock clock = Clock.systemUTC();

    public UUID keep(String owner, String fileName, String contentType, byte[] body, String adoptedOn,
            Map<String, Object> report) {
        purge();
        if (tickets.size() >= MAX_TICKETS) {
            tickets.keySet().stream().findAny().ifPresent(tickets::remove);
        }
        UUID id = UUID.randomUUID();
        tickets.put(id, new Ticket(owner, fileName, contentType, body, adoptedOn, report, clock.instant().plus(config.importTicketTtl())));
        return id;
    }

    /** The ticket, left in place, if it is this owner's and not expired; null otherwise. */
    public Ticket peek(UUID id, String owner) {
        purge();
        Ticket t = tickets.get(id);
        return t == null || !t.owner().equals(owner) ? null : t;
    }

    /** The ticket, taken out, if it is this owner's and not expired; null otherwise. */
    public Ticket take(UUID id, String owner) {
        Ticket t = peek(id, owner);
        if (t != null) {
            tickets.remove(id);
        }
        return t;
    }

    private void purge() {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> t.expires().isBefore(now));
    }
}
