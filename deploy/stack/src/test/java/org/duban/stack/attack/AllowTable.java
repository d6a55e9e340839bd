package org.duban.stack.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The checked-in allow table of one service ({@code src/test/resources/attack-matrix/<service>.tsv}): per operation,
 * the roles that may reach it ({@code public} for the public operations), and an optional note {@code county-wide}
 * for the few operations a unit officer may read for any unit. A change to it is a reviewed change;
 * {@code -Dattack-matrix.write=true} rewrites the roles column from what the services answered and keeps the notes.
 */
public final class AllowTable {

    public static final String PUBLIC = "public";
    public static final String COUNTY_WIDE = "county-wide";

    /** A row: who may reach the operation, and its note (empty or {@link #COUNTY_WIDE}). */
    public record Row(String reachedBy, String note) {
    }

    private final Map<String, Row> rows;

    private AllowTable(Map<String, Row> rows) {
        this.rows = rows;
    }

    public static AllowTable read(Path file) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                rows.put(cells[0] + " " + cells[1], new Row(cells.length > 2 ? cells[2] : "", cells.length > 3 ? cells[3] : ""));
            }
        }
        return new AllowTable(rows);
    }

    public Row row(String key) {
        return rows.get(key);
    }

    public boolean countyWide(String key) {
        Row row = rows.get(key);
        return row != null && row.note().contains(COUNTY_WIDE);
    }

    /**
     * The differences between this table and what was observed ({@code observed}: operation key → roles that reached it
     * or {@code public}), one readable line each; empty when they agree.
     */
    public List<String> diff(Map<String, String> observed) {
        List<String> lines = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(observed);
        sorted.forEach((key, roles) -> {
            Row row = rows.get(key);
            if (row == null) {
                lines.add("+ " + key + "\tnot in the table; reached by: " + show(roles));
            } else if (!Objects.equals(row.reachedBy(), roles)) {
                lines.add("~ " + key + "\ttable: " + show(row.reachedBy()) + "\tobserved: " + show(roles));
            }
        });
        new TreeMap<>(rows).keySet().stream().filter(k -> !observed.containsKey(k))
                .forEach(k -> lines.add("- " + k + "\tin the table, no longer in the OpenAPI document"));
        return lines;
    }

    private static String show(String roles) {
        return roles.isEmpty() ? "(nobody)" : roles;
    }

    /** Rewrites the table from what was observed, keeping each operation's note. */
    public void write(Path file, String service, Map<String, String> observed) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(service).append(": who reaches each operation (AttackMatrixIT). A reviewed file: a change here\n")
                .append("# changes who may call the service. Columns: method, path, roles that reach it (\"public\": no token\n")
                .append("# needed; empty: nobody), note (\"county-wide\": a unit officer may read it for any unit).\n")
                .append("# Rewrite with -Dattack-matrix.write=true; review the diff before committing it.\n");
        new TreeMap<>(observed).forEach((key, roles) -> {
            int space = key.indexOf(' ');
            Row old = rows.get(key);
            text.append(key, 0, space).append('\t').append(key.substring(space + 1)).append('\t').append(roles).append('\t')
                    .append(old == null ? "" : old.note()).append('\n');
        });
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
