package org.duban.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.duban.testing.RealInfrastructure;

/**
 * Load shedding (issue 19), from a barrier: with the in-flight limit reached, every further request is answered 503
 * {@code application/problem+json} with {@code Retry-After} at once; with the worker pool busy, a request waits for a
 * worker at most {@code worker-wait}, then is answered 503 and never run; health stays exempt; afterwards the service
 * answers normally. Here: 12 requests in flight at most, 6 worker threads, a 1 s wait.
 */
@QuarkusTest
@TestProfile(LoadSheddingTest.Small.class)
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class LoadSheddingTest {

    static final int LIMIT = 12;
    static final int WORKERS = 6;
    /** The longest a refusal may take here: a saturated 2-core host, well under a client's patience. */
    static final Duration PROMPT = Duration.ofSeconds(3);

    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("duban.http.load-shedding.max-concurrent", Integer.toString(LIMIT),
                    "duban.http.load-shedding.worker-wait", "PT1S",
                    "duban.http.load-shedding.retry-after", "PT3S",
                    "quarkus.thread-pool.max-threads", Integer.toString(WORKERS));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    LoadShedding shedding;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void openTheGate() {
        SlowProbeResource.gate.countDown();
        callers.shutdownNow();
    }

    record Answer(int status, String retryAfter, String contentType, String body, long millis) {
    }

    @Test
    void beyondTheLimitEveryRequestIsRefusedAtOnceThenTheServiceAnswersNormally() throws Exception {
        SlowProbeResource.gate = new CountDownLatch(1);
        SlowProbeResource.started.set(0);
        List<CompletableFuture<Answer>> slow = fromBarrier(LIMIT, "probe/slow/async");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SlowProbeResource.started.get() == LIMIT);
        assertEquals(LIMIT, shedding.inFlight());

        int more = 10;
        List<CompletableFuture<Answer>> refused = fromBarrier(more, "probe/slow/fast");
        for (CompletableFuture<Answer> f : refused) {
            Answer a = f.get(30, TimeUnit.SECONDS);
            assertRefused(a);
        }
        // health is exempt
        assertEquals(200, call("q/health/live").status());

        SlowProbeResource.gate.countDown();
        for (CompletableFuture<Answer> f : slow) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS).status());
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0);
        for (int i = 0; i < LIMIT + 5; i++) {
            assertEquals(200, call("probe/slow/fast").status());
        }
    }

    @Test
    void aRequestWaitsForAWorkerAtMostTheBoundAndIsThenNeitherHungNorRun() throws Exception {
        SlowProbeResource.gate = new CountDownLatch(1);
        SlowProbeResource.started.set(0);
        // more blocking requests than worker threads, within the in-flight limit: some must wait for a worker
        List<CompletableFuture<Answer>> calls = fromBarrier(LIMIT, "probe/slow/worker");
        List<Answer> refusals = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> calls.stream().filter(CompletableFuture::isDone).count()
                + SlowProbeResource.started.get() >= LIMIT);
        for (CompletableFuture<Answer> f : calls) {
            if (f.isDone()) {
                refusals.add(f.get());
            }
        }
        int ran = SlowProbeResource.started.get();
        assertTrue(ran <= WORKERS, "at most one request per worker ran: " + ran);
        assertEquals(LIMIT - ran, refusals.size(), "every request that got no worker was answered");
        for (Answer a : refusals) {
            assertRefused(a);
            assertTrue(a.body().contains("waited"), a.body());
        }

        SlowProbeResource.gate.countDown();
        int ok = 0;
        for (CompletableFuture<Answer> f : calls) {
            ok += f.get(30, TimeUnit.SECONDS).status() == 200 ? 1 : 0;
        }
        assertEquals(ran, ok);
        // the refused requests reach a worker after the gate opens: none of them is run
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0);
        assertEquals(200, call("probe/slow/fast").status());
        assertEquals(ran, SlowProbeResource.started.get(), "a request refused while it waited was run later");
    }

    private void assertRefused(Answer a) {
        assertEquals(503, a.status(), a.body());
        assertEquals("3", a.retryAfter());
        assertEquals("application/problem+json", a.contentType());
        assertTrue(a.body().contains("\"status\":503"), a.body());
        assertTrue(a.millis() <= PROMPT.toMillis() + 1000, "answered after " + a.millis() + " ms");
    }

    private List<CompletableFuture<Answer>> fromBarrier(int n, String path) {
        CyclicBarrier barrier = new CyclicBarrier(n);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                    return call(path);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, callers));
        }
        return answers;
    }

    private Answer call(String path) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(null), r.body(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
