package org.duban.task.importer;

import java.text.Normalizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duban.task.plan.Plan;

/**
 * A plan's own administrative level, read from the document: first its issuer ({@code 怀化市人民政府办公室} → city,
 * {@code 中方县政务公开政务服务工作领导小组办公室} → county, {@code 湖南省人民政府办公厅} → province), then its document number's
 * issuing code ({@code 中县政务公开办发} → county, {@code 湘政办发} → province), then a title that starts with a place
 * ({@code 湖南省2021年政务公开工作要点}). The place rules are those unit-service's {@code AdministrativeLevel} applies to
 * unit names (a chain of place names, the last one counts; or a bare 省/市/县/乡/镇 prefix), kept here in the small
 * form a plan's issuer needs because the two services share no code but the event contracts. Hand-written: no
 * maintained library reads Chinese administrative names.
 */
final class PlanLevel {

    /** How the level was found, for the report. */
    record Reading(Plan.Level level, String from) {
    }

    private static final Pattern PLACE = Pattern.compile("\\G[\\p{IsHan}]{1,3}?(自治区|自治州|自治县|省|市|州|盟|县|区|旗|乡|镇)");
    private static final Pattern NOT_A_PREFIX = Pattern.compile("^(市场|市政(?!府)|区域|县域|乡村)");
    private static final List<String> NOT_A_PLACE = List.of("城乡", "城区", "市区", "县区", "县市", "市县");
    /** One-character province abbreviations that open provincial document numbers (湘政办发). */
    private static final String PROVINCES = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青蒙桂藏宁新";
    private static final Pattern ISSUING_CODE = Pattern.compile("^(\\S+?)[〔\\[［(（﹝【]");

    private PlanLevel() {
    }

    /** The level, or null when neither issuer, document number nor title says. */
    static Reading of(String issuer, String documentNumber, String title) {
        Plan.Level level = declared(issuer);
        if (level != null) {
            return new Reading(level, "the issuer " + issuer);
        }
        if (documentNumber != null) {
            Matcher code = ISSUING_CODE.matcher(fold(documentNumber));
            if (code.find()) {
                String c = code.group(1);
                for (int i = 0; i < c.length(); i++) {
                    Plan.Level l = ofSuffix(c.charAt(i));
                    if (l != null) {
                        return new Reading(l, "the document number " + documentNumber);
                    }
                }
                if (PROVINCES.indexOf(c.charAt(0)) >= 0) {
                    return new Reading(Plan.Level.PROVINCE, "the document number " + documentNumber);
                }
            }
        }
        if (title != null) {
            String t = fold(title).replaceFirst("^关于(印发|认真落实|贯彻落实|做好)?", "").replaceFirst("^[《〈]", "");
            Plan.Level l = placeChain(t);
            if (l != null) {
                return new Reading(l, "the title " + title);
            }
        }
        return null;
    }

    /** The level a name declares by a chain of place names or a bare level prefix; null if none. */
    static Plan.Level declared(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String s = fold(name).strip().replaceFirst("^(中国共产党|中共)", "");
        if (s.isEmpty()) {
            return null;
        }
        Plan.Level bare = ofSuffix(s.charAt(0));
        if (bare != null && !NOT_A_PREFIX.matcher(s).find()) {
            return bare;
        }
        return placeChain(s);
    }

    private static Plan.Level placeChain(String s) {
        Plan.Level level = null;
        Matcher place = PLACE.matcher(s);
        int end = 0;
        while (end < s.length() && place.find(end) && place.start() == end) {
            if (level != null && NOT_A_PLACE.contains(place.group())) {
                break;
            }
            level = ofSuffix(place.group(1));
            end = place.end();
        }
        return level;
    }

    private static Plan.Level ofSuffix(String suffix) {
        return suffix.length() == 1 ? ofSuffix(suffix.charAt(0)) : switch (suffix) {
            case "自治区" -> Plan.Level.PROVINCE;
            case "自治州" -> Plan.Level.CITY;
            case "自治县" -> Plan.Level.COUNTY;
            default -> null;
        };
    }

    private static Plan.Level ofSuffix(char c) {
        return switch (c) {
            case '省' -> Plan.Level.PROVINCE;
            case '市', '州', '盟' -> Plan.Level.CITY;
            case '县', '区', '旗' -> Plan.Level.COUNTY;
            case '乡', '镇' -> Plan.Level.TOWNSHIP;
            default -> null;
        };
    }

    /** Levels from the top: a plan links to plans above its own. */
    static int rank(Plan.Level level) {
        return switch (level) {
            case PROVINCE -> 0;
            case CITY -> 1;
            case COUNTY -> 2;
            case TOWNSHIP -> 3;
        };
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }
}
