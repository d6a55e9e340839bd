package org.duban.task.tasks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.platform.problem.Problem;
import org.duban.platform.unit.UnitReplica;
import org.duban.task.importer.ImporterConfig;

/**
 * Which units may take over a group's share of a task (待明确 → designated): each named unit must be known to the unit
 * replica and ACTIVE, and must satisfy the group's rule as unit-service keeps it (kinds, levels, below which unit: 各乡镇人民政府
 * takes township governments under 中方县人民政府). Groups are not announced as events, so the rule is read from
 * unit-service ({@code GET /api/unit-groups/{id}}, with the caller's token) at the moment of designation; a group
 * without a rule (a list kept by hand) constrains nothing beyond the replica. A refusal is a 400 naming each offending
 * {@code unitIds[i]}.
 */
@ApplicationScoped
public class DesignationCheck {

    record Rule(List<String> kinds, List<String> levels, UUID underUnitId) {
    }

    @Inject
    ImporterConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Refuses (400) unless every unit of {@code unitIds} may be designated for the group {@code groupId}. */
    public void check(UUID groupId, String groupName, List<UUID> unitIds, String bearer) {
        Rule rule = groupId == null ? null : ruleOf(groupId, bearer);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < unitIds.size(); i++) {
            UUID id = unitIds.get(i);
            UnitReplica unit = UnitReplica.findById(id);
            String wrong;
            if (unit == null) {
                wrong = "no registered unit " + id;
            } else if (!"ACTIVE".equals(unit.status)) {
                wrong = unit.name + " (" + id + ") is " + unit.status + ", not an active unit";
            } else if (rule != null && !matches(rule, unit)) {
                wrong = unit.name + " (" + id + ") is not a unit of " + groupName + " (its rule: kinds " + rule.kinds()
                        + ", levels " + rule.levels() + (rule.underUnitId() == null ? "" : ", below unit " + rule.underUnitId())
                        + ")";
            } else {
                continue;
            }
            errors.add(Map.of("field", "unitIds[" + i + "]", "message", wrong));
        }
        if (!errors.isEmpty()) {
            throw new Problem(400, "Invalid field", "unitIds: " + errors.get(0).get("message")
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "")).with("errors", errors);
        }
    }

    private static boolean matches(Rule rule, UnitReplica unit) {
        if (!rule.kinds().isEmpty() && !rule.kinds().contains(unit.kind)) {
            return false;
        }
        if (!rule.levels().isEmpty() && !rule.levels().contains(unit.level)) {
            return false;
        }
        if (rule.underUnitId() == null) {
            return true;
        }
        Set<UUID> seen = new HashSet<>();
        for (UUID parent = unit.parentId; parent != null && seen.add(parent);) {
            if (parent.equals(rule.underUnitId())) {
                return true;
            }
            UnitReplica above = UnitReplica.findById(parent);
            parent = above == null ? null : above.parentId;
        }
        return false;
    }

    private Rule ruleOf(UUID groupId, String bearer) {
        URI uri = config.unitServiceUrl().resolve("/api/unit-groups/" + groupId);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.resolveTimeout())
                .header("Accept", "application/json").GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(uri, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(uri, "interrupted");
        }
        if (answer.statusCode() == 404) {
            throw Problem.conflict("group " + groupId + " is no longer registered in unit-service; the office settles it");
        }
        if (answer.statusCode() != 200) {
            throw unavailable(uri, "status " + answer.statusCode());
        }
        JsonNode rule;
        try {
            rule = json.readTree(answer.body()).path("rule");
        } catch (IOException e) {
            throw unavailable(uri, "an unreadable answer");
        }
        if (rule.isMissingNode() || rule.isNull()) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        rule.path("kinds").forEach(k -> kinds.add(k.asText()));
        List<String> levels = new ArrayList<>();
        rule.path("levels").forEach(l -> levels.add(l.asText()));
        String under = rule.path("underUnitId").asText(null);
        return new Rule(kinds, levels, under == null || under.isBlank() ? null : UUID.fromString(under));
    }

    private static Problem unavailable(URI uri, String why) {
        return Problem.unavailable("unit-service could not answer the group's rule (" + uri + "): " + why
                + "; nothing was designated, try again when unit-service is up").with("dependency", "unit-service");
    }
}
