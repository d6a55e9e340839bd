package org.duban.unit.registry;

import java.text.Normalizer;
import java.util.Locale;

import org.duban.platform.problem.Problem;

/**
 * How names are written and compared. A name is stored as written after NFKC folding (full-width letters,
 * digits and punctuation become their half-width forms: {@code （} → {@code (}, {@code ，} → {@code ,}) and
 * whitespace clean-up. Two names are the same name when their {@link #key keys} are equal: the key also
 * drops whitespace and quotation marks, lower-cases, and maps every bracket and dash variant to one form, so
 * {@code 县政府“12345”县长热线办} and {@code 县政府12345县长热线办} are one name.
 */
public final class Names {

    /** Longest name accepted, in code points; the longest real unit name in the seeds has 20. */
    public static final int MAX_LENGTH = 100;

    private Names() {
    }

    /** NFKC, whitespace runs collapsed to one space, trimmed. */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        return nfkc.replaceAll("[\\s\\u00A0\\u3000]+", " ").strip();
    }

    /** The comparison form of a name (see the class comment). */
    public static String key(String name) {
        String s = normalise(name).toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case ' ', '"', '\'', '“', '”', '‘', '’', '「', '」', '『', '』', '〝', '〞', '《', '》', '<', '>' -> {
                }
                case '〔', '【', '[', '{', '〖' -> key.append('(');
                case '〕', '】', ']', '}', '〗' -> key.append(')');
                case '—', '–', '‐', '‑', '−', '～', '~' -> key.append('-');
                default -> key.appendCodePoint(c);
            }
        });
        return key.toString();
    }

    /**
     * A name from a request, normalised; a 400 problem naming {@code field} when it is blank, longer than
     * {@value #MAX_LENGTH} characters, holds control characters, or is nothing but punctuation.
     */
    public static String validated(String field, String raw) {
        String name = normalise(raw);
        if (name.isEmpty()) {
            throw Problem.invalidField(field, "must not be blank");
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            throw Problem.invalidField(field, "is " + length + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw Problem.invalidField(field, "must not contain control characters");
        }
        if (key(name).codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw Problem.invalidField(field, "must contain at least one letter or digit");
        }
        return name;
    }
}
