package org.duban.web.cards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duban.web.api.Api;
import org.duban.web.api.Service;

/**
 * The units a form may name (a card, an inspection's scope, a finding, a referral): the registry's active units by
 * name (unit-service's {@code GET /api/units?status=ACTIVE}), and their names by id for the pages that list ids.
 */
public final class UnitChoices {

    private UnitChoices() {
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> active(Api api) {
        Map<String, Object> page = api.map(Service.UNIT, "/api/units?status=ACTIVE&size=500");
        return (List<Map<String, Object>>) page.getOrDefault("items", List.of());
    }

    /** Unit id → name, for the units in {@code units}. */
    public static Map<String, String> names(List<Map<String, Object>> units) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Map<String, Object> u : units) {
            names.put(String.valueOf(u.get("id")), String.valueOf(u.get("name")));
        }
        return names;
    }
}
