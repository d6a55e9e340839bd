package org.duban.unit.importer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.duban.platform.problem.Problem;
import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;

/** Kind and level as an import file may write them: the API's names in any case, or the usual Chinese words. */
final class Labels {

    private static final Map<String, UnitLevel> LEVELS = Map.ofEntries(
            Map.entry("省", UnitLevel.PROVINCE), Map.entry("省级", UnitLevel.PROVINCE),
            Map.entry("市", UnitLevel.CITY), Map.entry("市级", UnitLevel.CITY), Map.entry("市州", UnitLevel.CITY),
            Map.entry("县", UnitLevel.COUNTY), Map.entry("县级", UnitLevel.COUNTY), Map.entry("县市区", UnitLevel.COUNTY),
            Map.entry("乡镇", UnitLevel.TOWNSHIP), Map.entry("乡", UnitLevel.TOWNSHIP), Map.entry("镇", UnitLevel.TOWNSHIP),
            Map.entry("村", UnitLevel.VILLAGE), Map.entry("社区", UnitLevel.VILLAGE), Map.entry("村(社区)", UnitLevel.VILLAGE));

    private static final Map<String, UnitKind> KINDS = Map.ofEntries(
            Map.entry("人民政府", UnitKind.PEOPLES_GOVERNMENT), Map.entry("政府", UnitKind.PEOPLES_GOVERNMENT),
            Map.entry("政府部门", UnitKind.GOVERNMENT_DEPARTMENT), Map.entry("部门", UnitKind.GOVERNMENT_DEPARTMENT),
            Map.entry("乡镇人民政府", UnitKind.TOWNSHIP_GOVERNMENT), Map.entry("乡镇政府", UnitKind.TOWNSHIP_GOVERNMENT),
            Map.entry("村", UnitKind.VILLAGE_OR_COMMUNITY), Map.entry("社区", UnitKind.VILLAGE_OR_COMMUNITY),
            Map.entry("村(社区)", UnitKind.VILLAGE_OR_COMMUNITY), Map.entry("市局分局", UnitKind.CITY_BUREAU_BRANCH),
            Map.entry("派出机构", UnitKind.CITY_BUREAU_BRANCH), Map.entry("公共企事业单位", UnitKind.PUBLIC_ENTERPRISE),
            Map.entry("企业", UnitKind.PUBLIC_ENTERPRISE), Map.entry("法院", UnitKind.COURT), Map.entry("检察院", UnitKind.COURT),
            Map.entry("党委", UnitKind.PARTY_BODY), Map.entry("党委部门", UnitKind.PARTY_BODY),
            Map.entry("临时机构", UnitKind.TEMPORARY_OFFICE), Map.entry("议事协调机构", UnitKind.TEMPORARY_OFFICE));

    private Labels() {
    }

    /** Null when blank; a 400 naming {@code kind} when unknown. */
    static UnitKind kind(String value) {
        return parse("kind", value, UnitKind.class, KINDS, UnitKind.values());
    }

    static UnitLevel level(String value) {
        return parse("level", value, UnitLevel.class, LEVELS, UnitLevel.values());
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type, Map<String, E> words, E[] all) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = java.text.Normalizer.normalize(value.strip(), java.text.Normalizer.Form.NFKC);
        E word = words.get(v);
        if (word != null) {
            return word;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField(field, "unknown " + field + " '" + value.strip() + "'; one of " + List.of(all)
                    + " or " + words.keySet().stream().sorted().toList());
        }
    }
}
