package org.duban.task.importer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.duban.task.plan.Plan;

/** A document as read, before units are resolved: plan → annexes → sections → task rows. */
final class Parsed {

    private Parsed() {
    }

    /** One plan of the document (the provincial file holds two). */
    static final class PlanDraft {
        String title;
        String documentNumber;
        String issuer;
        LocalDate issuedOn;
        Plan.Level level;
        /** Line (or row) where the plan starts, for messages. */
        int line;
        final List<AnnexDraft> annexes = new ArrayList<>();

        int taskCount() {
            return annexes.stream().mapToInt(a -> a.sections.stream().mapToInt(s -> s.tasks.size()).sum()).sum();
        }
    }

    static final class AnnexDraft {
        int ordinal;
        String label;
        String title;
        /** 《湖南省2021年政务管理服务工作要点》 named in the title: the plan this annex implements. */
        String upstreamTitle;
        final List<SectionDraft> sections = new ArrayList<>();
    }

    static final class SectionDraft {
        int ordinal;
        String label;
        String title;
        final List<TaskDraft> tasks = new ArrayList<>();
    }

    /** One task row: number as printed and as an ordinal, text, the unit cells as printed, the deadline cell. */
    record TaskDraft(int line, String number, int ordinal, String text, String leadCell, String responsibleCell,
            String deadlineCell) {
    }

    /** A row of a responsibility table, from text, .docx or .xlsx: its line (or row) number and its cells. */
    record Row(int line, List<String> cells) {
    }

    /** A table as found: the annex marker and title before it and its rows (header rows included). */
    static final class Table {
        String label;
        /** Whether the label was printed (a sheet named 附件2), not given by position. */
        boolean labelPrinted;
        String title;
        int line;
        final List<Row> rows = new ArrayList<>();
    }
}
