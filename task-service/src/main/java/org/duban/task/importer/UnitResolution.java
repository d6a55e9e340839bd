package org.duban.task.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.platform.problem.Problem;

/**
 * Asks unit-service which units and groups a cell names ({@code POST /api/units/resolve}, the caller's bearer token
 * passed on). Synchronous for an import: the distinct cells of a document are asked concurrently, at most
 * {@code duban.importer.resolve-concurrency} at a time per instance (unit-service sheds load past its own limit of
 * requests in flight, and a county notice has about 50 distinct cells), and awaited. A 503 or 429 (unit-service shedding
 * load) is a transient fault: the call waits its {@code Retry-After} (at most {@link #LONGEST_RETRY_WAIT}) and is asked
 * again, up to {@link #ATTEMPTS} times. If unit-service cannot be reached, or still answers other than 200, the import
 * fails with 503 and nothing is saved.
 */
@ApplicationScoped
public class UnitResolution {

    @JsonIgnoreProperties(ignoreUnknown = true)
    /** A unit; {@code level} as unit-service registers it (COUNTY, CITY, …), null for a group's member list. */
    public record Ref(UUID id, String name, String level) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GroupRef(UUID id, String name, String level, boolean empty, int memberCount, List<Ref> members, String note) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Candidate(String type, UUID id, String name, String matchedName, double score) {
    }

    /** outcome UNIT | GROUP | UNRESOLVED; match EXACT | ALIAS | FUZZY. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fragment(String text, int start, int end, String outcome, String match, Double score, Ref unit,
            GroupRef group, List<Candidate> candidates) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Connective(String text, int start, int end) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resolved(List<Fragment> fragments, List<Connective> connectives, int resolved, int unresolved) {
    }

    public record Ask(String text, String level) {
    }

    @Inject
    ImporterConfig config;

    @Inject
    ObjectMapper json;

    /** Tries of one resolve call while unit-service answers 503/429. */
    static final int ATTEMPTS = 3;
    static final Duration LONGEST_RETRY_WAIT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Resolve calls in flight from this instance, all imports together. */
    private Semaphore inFlight;

    @PostConstruct
    void limit() {
        inFlight = new Semaphore(config.resolveConcurrency());
    }

    /** Resolves each distinct (text, level) once; the answers in the order asked. */
    public Map<Ask, Resolved> resolveAll(List<Ask> asks, String bearer) {
        URI uri = config.unitServiceUrl().resolve("/api/units/resolve");
        Map<Ask, CompletableFuture<Resolved>> pending = new LinkedHashMap<>();
        for (Ask ask : asks) {
            if (ask.text() == null || ask.text().isBlank() || pending.containsKey(ask)) {
                continue;
            }
            String body;
            try {
                body = json.writeValueAsString(Map.of("text", ask.text(), "level", ask.level()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            pending.put(ask, whenAllowed(() -> ask(uri, body, bearer, 1)));
        }
        Map<Ask, Resolved> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (var e : pending.entrySet()) {
            try {
                answers.put(e.getKey(), e.getValue().join());
            } catch (CompletionException | java.util.concurrent.CancellationException ex) {
                Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
                failures.add(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throw Problem.unavailable("unit-service could not resolve the document's unit names (" + uri + "): "
                    + failures.get(0) + "; nothing was imported, try again when unit-service is up")
                    .with("dependency", "unit-service").with("failedCalls", failures.size());
        }
        return answers;
    }

    /** Starts {@code call} once fewer than {@code resolve-concurrency} calls are in flight; a wait past the resolve timeout fails it. */
    private CompletableFuture<Resolved> whenAllowed(java.util.function.Supplier<CompletableFuture<Resolved>> call) {
        try {
            if (!inFlight.tryAcquire(config.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new IOException("no free resolve slot within " + config.resolveTimeout()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Resolved> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        return answer.whenComplete((r, e) -> inFlight.release());
    }

    private CompletableFuture<Resolved> ask(URI uri, String body, String bearer, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.resolveTimeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < ATTEMPTS) {
                return CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(retryWait(r).toMillis(), TimeUnit.MILLISECONDS))
                        .thenCompose(waited -> ask(uri, body, bearer, attempt + 1));
            }
            if (r.statusCode() != 200) {
                throw new CompletionException(new IOException("unit-service answered " + r.statusCode() + " to "
                        + uri + ": " + r.body().substring(0, Math.min(200, r.body().length()))));
            }
            try {
                return CompletableFuture.completedFuture(json.readValue(r.body(), Resolved.class));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The answer's {@code Retry-After} in seconds (the form unit-service sends), at most {@link #LONGEST_RETRY_WAIT}; 1 s without one. */
    static Duration retryWait(HttpResponse<?> r) {
        Duration wait = r.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(Duration.ofSeconds(1));
        return wait.compareTo(LONGEST_RETRY_WAIT) > 0 ? LONGEST_RETRY_WAIT : wait;
    }
}
