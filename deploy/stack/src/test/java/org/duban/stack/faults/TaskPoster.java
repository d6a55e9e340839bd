package org.duban.stack.faults;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.duban.stack.ServiceProcess;
import org.duban.testing.Tokens;

/**
 * The events that flow during a fault: {@code count} tasks for one unit posted to task-service, {@code lanes} at a
 * time at about {@code perSecond} (so that the flow spans the fault), each a TaskAssigned; every {@code lateEvery}-th is due two hours ago, so task-service's deadline watcher also
 * announces its DeadlineMissed (supervision's red card, notification's 逾期 notice and the card's notice). A POST that
 * fails (task-service killed, PostgreSQL away: refused, 503, no answer) is tried again 250 ms later, as a client
 * would; a task a lost answer had in fact created is then created twice, which is why the suite counts the events in
 * task-service's own tables and not here. Retries are scheduled, never slept.
 */
final class TaskPoster implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ServiceProcess taskService;
    private final UUID unitId;
    private final String label;
    private final int count;
    private final int lateEvery;
    private final String token = Tokens.supervisor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Pause of a lane between two POSTs, so that the lanes together offer about the rate asked for. */
    private final long paceMicros;

    TaskPoster(ServiceProcess taskService, UUID unitId, String label, int count, int lateEvery, int lanes, int perSecond) {
        this.paceMicros = 1_000_000L * lanes / perSecond;
        this.taskService = taskService;
        this.unitId = unitId;
        this.label = label;
        this.count = count;
        this.lateEvery = lateEvery;
        for (int i = 0; i < lanes; i++) {
            scheduler.execute(this::postNext);
        }
    }

    private void postNext() {
        int i = next.getAndIncrement();
        if (i >= count) {
            return;
        }
        post(i);
    }

    private void post(int i) {
        String due = i % lateEvery == 0 ? Instant.now().minus(Duration.ofHours(2)).toString() : "2099-12-31T15:59:59Z";
        HttpRequest request = HttpRequest.newBuilder(taskService.uri("/api/tasks")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"" + label + "-" + i + "\", \"dueAt\": \"" + due
                        + "\", \"assignments\": [{\"unitId\": \"" + unitId + "\", \"role\": \"LEAD\"}]}"))
                .build();
        HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 201) {
                if (created.incrementAndGet() == count) {
                    done.complete(null);
                }
                if (!scheduler.isShutdown()) {
                    scheduler.schedule(this::postNext, paceMicros, TimeUnit.MICROSECONDS);
                }
            } else {
                failures.incrementAndGet();
                if (!scheduler.isShutdown()) {
                    scheduler.schedule(() -> post(i), 250, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    /** Tasks whose POST answered 201 so far. */
    int created() {
        return created.get();
    }

    /** POSTs that failed and were tried again. */
    int failures() {
        return failures.get();
    }

    void awaitDone(Duration timeout) throws Exception {
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
