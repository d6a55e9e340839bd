package org.duban.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two seed documents, read as they are from {@code shared/seeds} next to the repository (the issue's
 * {@code ../shared/seeds}). Found through the system property {@code duban.seeds.dir}, or by walking up from
 * the working directory to the first directory that has {@code shared/seeds} in it.
 */
public final class SeedDocuments {

    public static final String COUNTY_NOTICE = "000_9677d7928bacc274.txt";
    public static final String PROVINCIAL_WORK_POINTS = "003_5417bdf0b6032d96.txt";

    /** One task row of the county notice's annex tables; {@code deadline} is the 完成时限 cell. */
    public record NoticeRow(String task, String lead, String responsible, String deadline) {
    }

    /** The closing parenthesis of a provincial task: lead units, then responsible units. */
    public record ProvincialDuty(String task, String lead, String responsible) {
    }

    private SeedDocuments() {
    }

    public static Path directory() {
        String configured = System.getProperty("duban.seeds.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path seeds = dir.resolve("shared").resolve("seeds");
            if (Files.isRegularFile(seeds.resolve(COUNTY_NOTICE))) {
                return seeds;
            }
        }
        throw new IllegalStateException("cannot find shared/seeds/" + COUNTY_NOTICE + " above " + Path.of("").toAbsolutePath()
                + "; set -Dduban.seeds.dir=<directory with the seed documents>");
    }

    public static String read(String file) {
        try {
            return Files.readString(directory().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The task rows of both annexes. As extracted, each table cell starts on a new line with a tab, and a cell
     * with several lines (two lead units) continues on untabbed lines; page-break headers and annex titles are
     * untabbed too but only ever follow a row's last cell (the deadline): the deadline cell's continuation lines
     * may carry them, so its first line is what a reader should trust. A row is
     * found by its task cell, {@code (一)…} or {@code （一）…}; the lead and responsible cells follow it.
     */
    public static List<NoticeRow> noticeRows() {
        List<StringBuilder> cells = new ArrayList<>();
        StringBuilder current = null;
        for (String line : read(COUNTY_NOTICE).split("\n", -1)) {
            if (line.startsWith("\t")) {
                current = new StringBuilder(line.substring(1));
                cells.add(current);
            } else if (!line.isBlank() && current != null) {
                current.append('\n').append(line);
            }
        }
        Pattern task = Pattern.compile("^\\s*[(（][一二三四五六七八九十-]+[)）]");
        List<NoticeRow> rows = new ArrayList<>();
        for (int i = 0; i + 2 < cells.size(); i++) {
            String cell = cells.get(i).toString();
            if (task.matcher(cell).find()) {
                String deadline = i + 3 < cells.size() ? cells.get(i + 3).toString().strip() : "";
                rows.add(new NoticeRow(cell, cells.get(i + 1).toString().strip(), cells.get(i + 2).toString().strip(), deadline));
            }
        }
        return rows;
    }

    /** Every task paragraph of the provincial work points ends in {@code （X牵头，Y按职责分工负责）} or similar. */
    public static List<ProvincialDuty> provincialDuties() {
        Pattern duty = Pattern.compile("^[\\s\u3000]*(（[一二三四五六七八九十]+）).*（([^（）]*(?:牵头|负责)[^（）]*)）[\\s\u3000]*$");
        List<ProvincialDuty> duties = new ArrayList<>();
        for (String line : read(PROVINCIAL_WORK_POINTS).split("\n")) {
            Matcher m = duty.matcher(line);
            if (m.find()) {
                String inner = m.group(2);
                int split = inner.indexOf("牵头，");
                duties.add(split < 0 ? new ProvincialDuty(m.group(1), "", inner)
                        : new ProvincialDuty(m.group(1), inner.substring(0, split + 2), inner.substring(split + 3)));
            }
        }
        return duties;
    }
}
