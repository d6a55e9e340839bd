package org.duban.platform.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.duban.platform.problem.Problem;

/**
 * Load shedding (issue 19): under overload a service answers or refuses within a bounded time, it never leaves a
 * request hanging. Two bounds, both answered {@code 503} {@code application/problem+json} with {@code Retry-After}:
 * <ol>
 * <li><b>requests in flight</b>: a Vert.x route ahead of every other (before the body is read and before the token is
 * checked, so a refusal costs next to nothing) counts the requests received and not yet answered; beyond
 * {@code max-concurrent} it answers at once. The count goes down when the answer ends or the connection closes.</li>
 * <li><b>the wait for a worker</b>: a request routed to a blocking Quarkus REST endpoint waits in the worker pool's
 * queue; if no worker has started on it within {@code worker-wait} it is answered then, and the worker that reaches it
 * later does not run it ({@link LoadSheddingFilters}).</li>
 * </ol>
 * Health and metrics ({@code /q/}) are exempt: the orchestrator must still learn how the service is.
 *
 * <p>Why hand-written: Vert.x and Quarkus bound connections ({@code quarkus.http.limits.max-connections}: the excess
 * waits in the accept backlog, unanswered) but not requests, and offer no 503 for a full queue; SmallRye Fault
 * Tolerance's {@code @Bulkhead} bounds one method's callers, after the request has been authenticated, its body read
 * and a worker taken — the very resources an overload lacks — and a service has dozens of endpoints sharing one
 * worker pool and one database pool, which a per-method bound cannot add up.
 */
@ApplicationScoped
public class LoadShedding {

    private static final Logger LOG = Logger.getLogger(LoadShedding.class);

    /** Where a request stands, in its routing context under {@link #STATE}. */
    enum State { ADMITTED, QUEUED, STARTED, REFUSED }

    static final String STATE = LoadShedding.class.getName() + ".state";

    @Inject
    LoadSheddingConfig config;

    @Inject
    MeterRegistry meters;

    private final AtomicInteger inFlight = new AtomicInteger();
    private Counter refusedBusy;
    private Counter refusedWaiting;

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        Gauge.builder("duban.http.in.flight", inFlight, AtomicInteger::get).description("requests received, not yet answered")
                .register(meters);
        refusedBusy = Counter.builder("duban.http.shed").tag("reason", "in-flight").register(meters);
        refusedWaiting = Counter.builder("duban.http.shed").tag("reason", "worker-wait").register(meters);
        // first of all routes (the order of Quarkus' own earliest ones; body, authentication and REST come later)
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
    }

    /** Requests received and not yet answered (exempt paths not counted). */
    public int inFlight() {
        return inFlight.get();
    }

    private void admit(RoutingContext rc) {
        String path = rc.normalizedPath();
        for (String prefix : config.exempt()) {
            if (path.startsWith(prefix)) {
                rc.next();
                return;
            }
        }
        if (inFlight.incrementAndGet() > config.maxConcurrent()) {
            inFlight.decrementAndGet();
            refusedBusy.increment();
            refuse(rc, "the service is working on " + config.maxConcurrent() + " requests, its limit; try again later");
            return;
        }
        AtomicReference<State> state = new AtomicReference<>(State.ADMITTED);
        rc.put(STATE, state);
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        // ends (answered) or fails (connection closed): either way the request no longer counts
        rc.addEndHandler(done -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        });
        rc.next();
    }

    /**
     * Called on the event loop when Quarkus REST has routed the request to a blocking endpoint: from now it waits for
     * a worker, at most {@code worker-wait}.
     */
    void queued(RoutingContext rc) {
        @SuppressWarnings("unchecked")
        AtomicReference<State> state = rc.get(STATE);
        if (state == null || !state.compareAndSet(State.ADMITTED, State.QUEUED)) {
            return;
        }
        long timer = rc.vertx().setTimer(Math.max(1, config.workerWait().toMillis()), id -> {
            if (state.compareAndSet(State.QUEUED, State.REFUSED) && !rc.response().ended() && !rc.response().headWritten()) {
                refusedWaiting.increment();
                LOG.debugf("%s %s waited %s for a worker: refused", rc.request().method(), rc.normalizedPath(), config.workerWait());
                refuse(rc, "the request waited " + config.workerWait() + " for a worker; try again later");
            }
        });
        rc.addEndHandler(done -> rc.vertx().cancelTimer(timer));
    }

    /**
     * Called on the worker that starts on the request: true if it may run, false if the wait already ended in a
     * refusal (it has been answered; the worker must not answer again).
     */
    boolean start(RoutingContext rc) {
        @SuppressWarnings("unchecked")
        AtomicReference<State> state = rc.get(STATE);
        if (state == null) {
            return true; // exempt, or shedding off
        }
        return state.compareAndSet(State.QUEUED, State.STARTED) || state.compareAndSet(State.ADMITTED, State.STARTED)
                || state.get() == State.STARTED;
    }

    private void refuse(RoutingContext rc, String detail) {
        long seconds = Math.max(1, (config.retryAfter().toMillis() + 999) / 1000);
        rc.response().setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .end(problemJson(rc, detail, seconds));
    }

    /** The problem body, written here without Jackson: the event loop of an overloaded service should do little. */
    private static String problemJson(RoutingContext rc, String detail, long seconds) {
        return "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":" + quoted(detail)
                + ",\"retryAfterSeconds\":" + seconds + ",\"instance\":" + quoted(rc.normalizedPath()) + "}";
    }

    private static String quoted(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
