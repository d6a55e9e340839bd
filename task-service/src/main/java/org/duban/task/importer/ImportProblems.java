package org.duban.task.importer;

import org.duban.platform.problem.Problem;

/** 400 problems that name the line (or table row) and the field of the document at fault. */
final class ImportProblems {

    private ImportProblems() {
    }

    static Problem atLine(int line, String field, String detail) {
        return Problem.invalidField(field, "line " + line + ": " + detail).with("line", line);
    }
}
