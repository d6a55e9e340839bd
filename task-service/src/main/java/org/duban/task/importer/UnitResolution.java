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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.platform.problem.Problem;

/**
 * Asks unit-service which units and groups a cell names ({@code POST /api/units/resolve}, the caller's bearer token
 * passed on). Synchronous for an import: all distinct cells of a document are asked at once and awaited. If
 * unit-service cannot be reached, or answers other than 200, the import fails with 503 and nothing is saved.
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

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.resolveTimeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            pending.put(ask, http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                if (r.statusCode() != 200) {
                    throw new CompletionException(new IOException("unit-service answered " + r.statusCode() + " to "
                            + uri + ": " + r.body().substring(0, Math.min(200, r.body().length()))));
                }
                try {
                    return json.readValue(r.body(), Resolved.class);
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }));
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
}
