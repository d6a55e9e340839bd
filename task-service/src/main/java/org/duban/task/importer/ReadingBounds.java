package org.duban.task.importer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.duban.platform.problem.Problem;

/**
 * How much of a document the readers take, and for how long: every dimension a hostile upload could otherwise stretch
 * (a line, a cell, the number of lines, rows and columns, the bytes an Office file inflates to, the time a reading
 * takes). A bound exceeded is a 4xx problem naming the setting ({@code setting}: {@code duban.importer.max-…}) and
 * its value ({@code limit}), and the line or row where it was met. One instance per import: {@link #started()} fixes
 * the deadline of the time budget, which the readers check once per line, row and task ({@link #tick(int)}); the
 * patterns they use are linear, so no single step between two checks can run long.
 */
final class ReadingBounds {

    /** The defaults of {@link ImporterConfig}, for readers used without the service (plain tests). */
    static final ReadingBounds DEFAULT = new ReadingBounds(4000, 4000, 20_000, 5000, 64, Duration.ofSeconds(1), 4L << 20,
            16L << 20, 500, 0.01);

    final int maxLineChars;
    final int maxCellChars;
    final int maxLines;
    final int maxRows;
    final int maxColumns;
    final Duration maxParseTime;
    final long maxEntryBytes;
    final long maxUnzippedBytes;
    final int maxZipEntries;
    final double minInflateRatio;
    private final long deadline;

    ReadingBounds(int maxLineChars, int maxCellChars, int maxLines, int maxRows, int maxColumns, Duration maxParseTime,
            long maxEntryBytes, long maxUnzippedBytes, int maxZipEntries, double minInflateRatio) {
        this(maxLineChars, maxCellChars, maxLines, maxRows, maxColumns, maxParseTime, maxEntryBytes, maxUnzippedBytes,
                maxZipEntries, minInflateRatio, System.nanoTime() + maxParseTime.toNanos());
    }

    private ReadingBounds(int maxLineChars, int maxCellChars, int maxLines, int maxRows, int maxColumns,
            Duration maxParseTime, long maxEntryBytes, long maxUnzippedBytes, int maxZipEntries, double minInflateRatio,
            long deadline) {
        this.maxLineChars = maxLineChars;
        this.maxCellChars = maxCellChars;
        this.maxLines = maxLines;
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
        this.maxParseTime = maxParseTime;
        this.maxEntryBytes = maxEntryBytes;
        this.maxUnzippedBytes = maxUnzippedBytes;
        this.maxZipEntries = maxZipEntries;
        this.minInflateRatio = minInflateRatio;
        this.deadline = deadline;
    }

    static ReadingBounds of(ImporterConfig c) {
        return new ReadingBounds(c.maxLineChars(), c.maxCellChars(), c.maxLines(), c.maxRows(), c.maxColumns(),
                c.maxParseTime(), c.maxUnzippedEntryBytes(), c.maxUnzippedBytes(), c.maxZipEntries(), c.minInflateRatio());
    }

    /** The same bounds, the time budget starting now. */
    ReadingBounds started() {
        return new ReadingBounds(maxLineChars, maxCellChars, maxLines, maxRows, maxColumns, maxParseTime, maxEntryBytes,
                maxUnzippedBytes, maxZipEntries, minInflateRatio, System.nanoTime() + maxParseTime.toNanos());
    }

    /** A copy whose time budget is {@code budget} from now (tests). */
    ReadingBounds within(Duration budget) {
        return new ReadingBounds(maxLineChars, maxCellChars, maxLines, maxRows, maxColumns, budget, maxEntryBytes,
                maxUnzippedBytes, maxZipEntries, minInflateRatio, System.nanoTime() + budget.toNanos());
    }

    /** The time budget: 422 when the reading has run past it ({@code line}: where it was, 0 when not in a line). */
    void tick(int line) {
        if (System.nanoTime() - deadline > 0) {
            Problem p = new Problem(422, "Unprocessable Content", "reading the document took longer than " + maxParseTime
                    + " (duban.importer.max-parse-time)" + (line > 0 ? ", stopped at line " + line : ""))
                    .with("errors", List.of(Map.of("field", "document", "message", "took longer than " + maxParseTime)))
                    .with("setting", "duban.importer.max-parse-time").with("limit", maxParseTime.toString());
            throw line > 0 ? p.with("line", line) : p;
        }
    }

    /** The text split into lines (\r\n, \r and \n), refused before splitting when there are more than max-lines. */
    String[] lines(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                if (++count > maxLines) {
                    throw tooLarge("duban.importer.max-lines", maxLines, i, "the document has more than " + maxLines + " lines");
                }
            }
        }
        return text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    }

    /** A line of text, refused when longer than max-line-chars; the time budget checked. */
    String line(int lineNo, String line) {
        tick(lineNo);
        if (line.length() > maxLineChars) {
            throw tooLarge("duban.importer.max-line-chars", maxLineChars, lineNo,
                    "line " + lineNo + " has " + line.length() + " characters; at most " + maxLineChars + " are read");
        }
        return line;
    }

    /** A table cell (several lines of a text table, a Word or Excel cell), refused when longer than max-cell-chars. */
    String cell(int row, String cell) {
        if (cell.length() > maxCellChars) {
            throw tooLarge("duban.importer.max-cell-chars", maxCellChars, row,
                    "a cell of row " + row + " has " + cell.length() + " characters; at most " + maxCellChars + " are read");
        }
        return cell;
    }

    /** The {@code count}-th row of the document (all tables together): refused beyond max-rows. */
    void row(int count, int row) {
        tick(row);
        if (count > maxRows) {
            throw tooLarge("duban.importer.max-rows", maxRows, row, "the document's tables have more than " + maxRows + " rows");
        }
    }

    /** A row of {@code count} cells (or reaching column {@code count}): refused beyond max-columns. */
    void columns(int count, int row) {
        if (count > maxColumns) {
            throw tooLarge("duban.importer.max-columns", maxColumns, row,
                    "row " + row + " reaches column " + count + "; at most " + maxColumns + " columns are read");
        }
    }

    static Problem tooLarge(String setting, long limit, int line, String detail) {
        Problem p = new Problem(413, "Content Too Large", detail + " (" + setting + ")")
                .with("errors", List.of(Map.of("field", "document", "message", detail))).with("setting", setting).with("limit", limit);
        return line > 0 ? p.with("line", line) : p;
    }
}
