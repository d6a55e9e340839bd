package org.duban.task.deadline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 18: nobody waits on the sweep while holding a pooled connection the sweep needs. 100,000 open assignments
 * (plain SQL, 100 tasks × 1,000 units, all overdue) are swept while progress reports on them arrive at a steady 50 per
 * second from independent clients (each request sent on time, whatever the earlier ones are doing): every report is
 * answered 201 within its 10-second timeout and the sweep succeeds, announcing every miss once. (Before, reports
 * waited for the whole sweep holding pooled connections while the sweep's range threads waited for one: the sweep
 * failed with "Unable to acquire JDBC Connection [acquisition timeout]".)
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class SweepUnderLoadTest {

    private static final int TASKS = 100;
    private static final int UNITS = 1000;
    private static final int PER_SECOND = 50;
    /** Reports keep arriving at least this long, and until the sweep has ended. */
    private static final Duration AT_LEAST = Duration.ofSeconds(4);
    private static final Instant ASSIGNED = Instant.parse("2021-07-23T02:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final String TITLE = "负载任务";

    private final TestClock clock = new TestClock(ASSIGNED);

    @Inject
    DeadlineWatcher watcher;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @AfterEach
    void withdrawTheLoad() throws Exception {
        // the other tests of this database sweep too: 100,000 open assignments are not theirs to announce
        sql("update assignment set status = 'WITHDRAWN' where task_id in (select id from task where title like '" + TITLE + "%')");
    }

    @Test
    void reportsAtFiftyPerSecondDuringASweepOfAHundredThousandAssignmentsAllSucceed() throws Exception {
        sql("""
                insert into task (id, title, due_at, created_at, deadline_kind)
                select gen_random_uuid(), '%1$s' || g, '%3$s', '%2$s', 'DATE' from generate_series(1, %4$d) g;
                insert into assignment (id, task_id, unit_id, role, status, due_at, assigned_at, version)
                select gen_random_uuid(), t.id, u.id, 'LEAD', 'ACCEPTED', t.due_at, '%2$s', 0
                from task t cross join (select gen_random_uuid() as id from generate_series(1, %5$d)) u
                where t.title like '%1$s%%';
                analyze task; analyze assignment""".formatted(TITLE, ASSIGNED, DUE, TASKS, UNITS));
        sql("update deadline_watch set swept_until = ?", Timestamp.from(ASSIGNED));
        List<String[]> targets = new ArrayList<>(); // assignment id, the unit officer's token
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var rs = c.createStatement().executeQuery("""
                        select a.id, a.unit_id from assignment a join task t on t.id = a.task_id
                        where t.title like '%s%%' order by random() limit 1000""".formatted(TITLE))) {
            while (rs.next()) {
                targets.add(new String[] {rs.getString(1), Tokens.officerOf(rs.getObject(2, UUID.class))});
            }
        }
        clock.set(DUE.plusSeconds(5));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<long[]> timings = new ArrayList<>(); // per report: sent, answered (nanoTime)
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Integer> sweep;
        long sweptIn;
        long started = System.nanoTime();
        try {
            var pacing = pacer.scheduleAtFixedRate(() -> {
                String[] target = targets.get(sent.getAndIncrement() % targets.size());
                HttpRequest report = HttpRequest.newBuilder(URI.create(base + "api/assignments/" + target[0] + "/reports"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + target[1])
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"percentComplete\": 40, \"narrative\": \"按计划推进\"}"))
                        .build();
                long[] timing = {System.nanoTime(), 0};
                synchronized (answers) {
                    answers.add(http.sendAsync(report, HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, failure) -> timing[1] = System.nanoTime()));
                    timings.add(timing);
                }
            }, 0, 1000 / PER_SECOND, TimeUnit.MILLISECONDS);
            // the sweep starts once the reports are flowing
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> sent.get() >= PER_SECOND / 2);
            long sweepStarted = System.nanoTime();
            sweep = CompletableFuture.supplyAsync(watcher::sweep);
            int announced = sweep.get(60, TimeUnit.SECONDS);
            long sweepEnded = System.nanoTime();
            sweptIn = sweepEnded - sweepStarted;
            await().atMost(AT_LEAST.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> System.nanoTime() - started >= AT_LEAST.toNanos());
            pacing.cancel(false);
            assertTrue(announced >= TASKS * UNITS, "every overdue assignment announced: " + announced);
            System.out.printf("sweep of %,d assignments: %.2f s; %d reports sent%n", TASKS * UNITS, sweptIn / 1e9, sent.get());
        } finally {
            pacer.shutdownNow();
            pacer.awaitTermination(5, TimeUnit.SECONDS);
        }
        List<String> failed = new ArrayList<>();
        synchronized (answers) {
            for (var answer : answers) {
                try {
                    HttpResponse<String> response = answer.get(15, TimeUnit.SECONDS);
                    if (response.statusCode() != 201) {
                        failed.add(response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    failed.add(e.toString());
                }
            }
        }
        assertTrue(answers.size() >= AT_LEAST.toSeconds() * PER_SECOND * 9 / 10, "reports sent: " + answers.size());
        long slowest;
        synchronized (answers) {
            slowest = timings.stream().mapToLong(t -> t[1] - t[0]).max().orElse(0);
        }
        // printed, not asserted: on 2 cores, with the sweep's two threads busy, a report's time says as much about the
        // CPU as about waiting (0.77 s against a 1.51 s sweep in one run)
        System.out.printf("slowest report: %.3f s (the sweep took %.2f s)%n", slowest / 1e9, sweptIn / 1e9);
        assertEquals(List.of(), failed, failed.size() + " of " + answers.size() + " reports failed or timed out");
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var rs = c.createStatement().executeQuery("""
                        select count(*), count(distinct cast(e.payload as jsonb) ->> 'assignmentId') from outbox_event_each e
                        where e.type = 'duban.task.deadline-missed.v1'
                          and e.aggregate_id in (select cast(id as text) from task where title like '%s%%')""".formatted(TITLE))) {
            rs.next();
            assertEquals(TASKS * UNITS, rs.getInt(1), "one DeadlineMissed per overdue assignment");
            assertEquals(TASKS * UNITS, rs.getInt(2), "no assignment announced twice");
        }
    }

    private static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
