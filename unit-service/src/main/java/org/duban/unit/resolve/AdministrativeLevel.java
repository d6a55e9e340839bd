package org.duban.unit.resolve;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duban.unit.registry.UnitLevel;

/**
 * The administrative level a printed name declares by its place prefix, read before any fuzzy match: {@code 市人社局} is
 * a city bureau and must never become the county's {@code 县人社局} by one changed character.
 *
 * <ul>
 * <li>A chain of place names at the start ({@code 湖南省}, {@code 怀化市中方县}, {@code 长沙市岳麓区}): the last one
 * names the level.</li>
 * <li>Else a bare level prefix ({@code 省直相关单位}, {@code 市财政局}, {@code 县直相关单位}, {@code 乡镇…}, after {@code 各}):
 * 省 → province; 市, 州, 盟 → city; 县, 区, 旗 → county; 乡, 镇 → township. Words such as {@code 市场}, {@code 区域},
 * {@code 乡村} are not prefixes.</li>
 * <li>A branch of a higher office in a lower place ({@code 市生态环境局中方分局}, {@code 市住房公积金管理中心中方县管理部}) is one
 * level below its office: the branch is where the work is done.</li>
 * </ul>
 * A name with none of these ({@code 中国邮政中方分公司}, {@code 政务服务中心}) declares no level: null. Hand-written because
 * no maintained library reads Chinese administrative names; the rules are the conventions of 公文 unit names.
 */
public final class AdministrativeLevel {

    private static final Pattern PLACE = Pattern.compile("\\G[\\p{IsHan}]{1,3}?(自治区|自治州|自治县|省|市|州|盟|县|区|旗|乡|镇)");
    private static final Pattern NOT_A_PREFIX = Pattern.compile("^(市场|市政(?!府)|市容|区域|区块|县域|乡村|镇村|州际|省外|市外)");
    private static final List<String> NOT_A_PLACE = List.of("城乡", "城区", "市区", "县区", "县市", "市县");
    private static final Pattern BRANCH = Pattern.compile(
            "(局|中心|委员会|委|院|公司|支队)[\\p{IsHan}]{1,3}?(自治县|县|区|市|镇|乡)?(分局|分中心|管理部|分公司|支公司|分院|大队|中队|管理站|管理所)$");

    private AdministrativeLevel() {
    }

    /** The level {@code name} (NFKC-folded) declares, or null. */
    public static UnitLevel declared(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String s = name;
        for (String prefix : List.of("中国共产党", "中共", "各")) {
            if (s.startsWith(prefix) && s.length() > prefix.length() + 1) {
                s = s.substring(prefix.length());
                break;
            }
        }
        UnitLevel level = null;
        int end = 0;
        UnitLevel bare = ofSuffix(String.valueOf(s.charAt(0)));
        if (bare != null && !NOT_A_PREFIX.matcher(s).find()) {
            level = bare; // 县市场监督管理局: a bare prefix first, so 县市 is not read as a place
            end = s.startsWith("乡镇") ? 2 : 1;
        }
        Matcher place = PLACE.matcher(s);
        boolean barePrefix = level != null;
        while (!barePrefix && end < s.length() && place.find(end) && place.start() == end) {
            // 中方县城乡规划局: after a place, 城乡 (and the like) is part of the department's name, not a place
            if (level != null && NOT_A_PLACE.contains(place.group())) {
                break;
            }
            level = ofSuffix(place.group(1));
            end = place.end();
        }
        if (level == null) {
            return null;
        }
        Matcher branch = BRANCH.matcher(s.substring(end));
        if (branch.find()) {
            return branch.group(2) != null ? ofSuffix(branch.group(2)) : below(level);
        }
        return level;
    }

    /**
     * Whether a printed name may be fuzzily matched to a registered name: the printed name declares no level, or it
     * declares the level the registered name declares (else the registered unit's or group's level, when known).
     */
    static boolean agree(String printed, String registeredName, UnitLevel registeredLevel) {
        UnitLevel mine = declared(printed);
        if (mine == null) {
            return true;
        }
        UnitLevel theirs = declared(registeredName);
        if (theirs == null) {
            theirs = registeredLevel;
        }
        return theirs == null || theirs == mine;
    }

    private static UnitLevel ofSuffix(String suffix) {
        return switch (suffix) {
            case "省", "自治区" -> UnitLevel.PROVINCE;
            case "市", "州", "盟", "自治州" -> UnitLevel.CITY;
            case "县", "区", "旗", "自治县" -> UnitLevel.COUNTY;
            case "乡", "镇" -> UnitLevel.TOWNSHIP;
            default -> null;
        };
    }

    private static UnitLevel below(UnitLevel level) {
        return switch (level) {
            case PROVINCE -> UnitLevel.CITY;
            case CITY -> UnitLevel.COUNTY;
            case COUNTY -> UnitLevel.TOWNSHIP;
            default -> UnitLevel.VILLAGE;
        };
    }
}
