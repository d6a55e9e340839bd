package org.duban.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A handler's table of one method per event type, so a handler reads as a list of "this event → that method" and
 * not as an {@code instanceof} chain (Java 17 has no pattern switch). Built once per handler:
 *
 * <pre>{@code
 * private final EventRoutes routes = new EventRoutes()
 *         .on(TaskAssigned.class, this::assigned)
 *         .on(DeadlineMissed.class, this::missed);
 * }</pre>
 *
 * The key is the payload's exact record class (the catalogue's records are final), looked up in a map: no ordering
 * rules, no fall-through. Each method gets the event's id, from which notices and rows derive their own ids.
 */
public final class EventRoutes {

    private final Map<Class<?>, BiConsumer<UUID, Object>> routes = new LinkedHashMap<>();

    /** {@code method} handles events of {@code type}; a second route for the same type is a programming error. */
    public <E extends DomainEvent> EventRoutes on(Class<E> type, BiConsumer<UUID, ? super E> method) {
        if (routes.putIfAbsent(type, (id, event) -> method.accept(id, type.cast(event))) != null) {
            throw new IllegalStateException("two routes for " + type.getName());
        }
        return this;
    }

    /** Hands the event to its method; {@code false} when this handler has none (the event concerns it not). */
    public boolean dispatch(UUID eventId, DomainEvent event) {
        BiConsumer<UUID, Object> method = event == null ? null : routes.get(event.getClass());
        if (method == null) {
            return false;
        }
        method.accept(eventId, event);
        return true;
    }

    /** The event types this handler has a method for. */
    public java.util.Set<Class<?>> types() {
        return java.util.Collections.unmodifiableSet(routes.keySet());
    }
}
