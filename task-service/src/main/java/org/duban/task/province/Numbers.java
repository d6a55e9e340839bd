package org.duban.task.province;

/**
 * Printed task numbers such as （十二）. The importer has the same reading ({@code importer.ChineseNumerals}), but it is
 * package-private there and the importer is another feature's code, so the few lines are repeated here.
 */
final class Numbers {

    private static final String DIGITS = "零一二三四五六七八九";

    private Numbers() {
    }

    /** （六）, (六), 六 → （六）: full-width brackets, as the importer stores numbers. */
    static String normalise(String printed) {
        String n = printed.strip().replace('(', '（').replace(')', '）').replaceAll("\\s", "");
        if (!n.startsWith("（")) {
            n = "（" + n;
        }
        if (!n.endsWith("）")) {
            n = n + "）";
        }
        return n;
    }

    /** The value of a Chinese numeral up to 99 (十二 → 12, 二十 → 20), or of Arabic digits, inside any brackets; 0 if none. */
    static int value(String printed) {
        if (printed == null) {
            return 0;
        }
        String n = printed.replaceAll("[（）()\\s、.．]", "");
        if (n.matches("\\d{1,4}")) {
            return Integer.parseInt(n);
        }
        if (n.isEmpty() || !n.chars().allMatch(c -> c == '十' || DIGITS.indexOf(c) >= 0)) {
            return 0;
        }
        int ten = n.indexOf('十');
        if (ten < 0) {
            return n.length() == 1 ? DIGITS.indexOf(n.charAt(0)) : 0;
        }
        int tens = ten == 0 ? 1 : DIGITS.indexOf(n.charAt(0));
        int units = ten == n.length() - 1 ? 0 : DIGITS.indexOf(n.charAt(ten + 1));
        return tens * 10 + units;
    }
}
