package org.duban.task.importer;

/** 一 … 九十九 as printed in item numbers ((十一), 二十三、); -1 when the text is not such a numeral. */
final class ChineseNumerals {

    private static final String DIGITS = "零一二三四五六七八九";

    private ChineseNumerals() {
    }

    static int value(String numeral) {
        if (numeral == null || numeral.isEmpty()) {
            return -1;
        }
        int ten = numeral.indexOf('十');
        if (ten < 0) {
            return numeral.length() == 1 ? digit(numeral.charAt(0)) : -1;
        }
        if (numeral.indexOf('十', ten + 1) >= 0) {
            return -1;
        }
        int tens = ten == 0 ? 1 : (ten == 1 ? digit(numeral.charAt(0)) : -1);
        int units = ten == numeral.length() - 1 ? 0 : (numeral.length() - ten == 2 ? digit(numeral.charAt(ten + 1)) : -1);
        if (tens <= 0 || units < 0) {
            return -1;
        }
        return tens * 10 + units;
    }

    private static int digit(char c) {
        int d = DIGITS.indexOf(c);
        return d < 0 ? -1 : d;
    }

    static String of(int value) {
        if (value <= 0 || value >= 100) {
            return Integer.toString(value);
        }
        int tens = value / 10;
        int units = value % 10;
        StringBuilder s = new StringBuilder();
        if (tens > 1) {
            s.append(DIGITS.charAt(tens));
        }
        if (tens >= 1) {
            s.append('十');
        }
        if (units > 0) {
            s.append(DIGITS.charAt(units));
        }
        return s.toString();
    }
}
