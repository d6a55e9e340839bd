package org.duban.task.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duban.platform.problem.Problem;

/**
 * Work already done when an office adopts a plan under way (办结, issue 22): the tasks named on import with
 * {@code ?completed=附件1（三）,附件2（五）} and a reason ({@code completedReason}). Each of their assignments is made
 * already completed ({@code Assigning.assignDone}): its unit is never told it missed the old date, its board is green.
 * A task is named as printed with its annex ({@code 附件1（三）}, since 附件1（三） and 附件2（三） are different tasks); a
 * document with one annex may leave the annex out ({@code （三）}). Every name must match a task of the document, or the
 * import is refused (400 naming {@code completed}) and nothing is saved.
 */
final class DoneAtImport {

    static final int MAX_REASON = 500;

    /** Nothing marked done. */
    static final DoneAtImport NONE = new DoneAtImport(Map.of(), null, null);

    /** Normalised name → whether a task of the document matched it (in the order given). */
    private final Map<String, Boolean> names;
    private final String reason;
    private final String actor;

    private DoneAtImport(Map<String, Boolean> names, String reason, String actor) {
        this.names = names;
        this.reason = reason;
        this.actor = actor;
    }

    /**
     * The query parameters, checked: a 400 naming {@code completedReason} when tasks are named without a reason.
     * {@code actor}: who imports, for the assignments' history.
     */
    static DoneAtImport of(String completed, String completedReason, String actor) {
        if (completed == null || completed.isBlank()) {
            return NONE;
        }
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (String name : completed.split("[,，、;；\\s]+")) {
            if (!name.isBlank()) {
                names.put(normalise(name), false);
            }
        }
        if (completedReason == null || completedReason.isBlank()) {
            throw Problem.invalidField("completedReason", "work marked done at import states why (e.g. 已于2021年12月办结)");
        }
        if (completedReason.strip().length() > MAX_REASON) {
            throw Problem.invalidField("completedReason", "at most " + MAX_REASON + " characters");
        }
        return new DoneAtImport(names, completedReason.strip(), actor);
    }

    /** 附件 1(三) → 附件1（三）: spaces out, half-width brackets and digits folded as the readers fold them. */
    static String normalise(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.strip().toCharArray()) {
            if (Character.isWhitespace(c)) {
                continue;
            }
            b.append(c == '(' ? '（' : c == ')' ? '）' : c >= '０' && c <= '９' ? (char) (c - '０' + '0') : c);
        }
        return b.toString();
    }

    boolean any() {
        return !names.isEmpty();
    }

    String actor() {
        return actor;
    }

    /**
     * The reason when the task numbered {@code number} in the annex {@code annexLabel} is marked done, else null; with
     * {@code onlyAnnex} (the document has one annex) the number alone names it too.
     */
    String reasonFor(String annexLabel, String number, boolean onlyAnnex) {
        String full = normalise(annexLabel + number);
        String bare = normalise(number);
        boolean done = false;
        if (names.containsKey(full)) {
            names.put(full, true);
            done = true;
        }
        if (onlyAnnex && names.containsKey(bare)) {
            names.put(bare, true);
            done = true;
        }
        return done ? reason : null;
    }

    /** After the document is written: a 400 naming {@code completed} for each name no task matched (rolled back). */
    void requireAllMatched() {
        List<String> unknown = names.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        if (!unknown.isEmpty()) {
            throw Problem.invalidField("completed", "no task " + String.join("、", unknown)
                    + " in this document (name a task with its annex, as printed: 附件1（三）)");
        }
    }
}
