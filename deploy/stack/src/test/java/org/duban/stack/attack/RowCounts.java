package org.duban.stack.attack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The number of rows in every table of a service's database, for "nothing changes on refusal". Audit and security
 * event tables (which record refusals on purpose) and Flyway's history are left out.
 */
public final class RowCounts implements AutoCloseable {

    private static final Pattern LEFT_OUT = Pattern.compile(".*(audit|security_event|flyway).*");

    private final Connection connection;
    private final String query;

    public RowCounts(Connection connection) throws SQLException {
        this.connection = connection;
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' "
                        + "order by table_name")) {
            while (rs.next()) {
                if (!LEFT_OUT.matcher(rs.getString(1)).matches()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        // one statement for all tables, so a snapshot is one round trip
        query = tables.stream().map(t -> "select '" + t + "', count(*) from \"" + t + "\"")
                .reduce((a, b) -> a + " union all " + b).orElse("select 'none', 0");
    }

    public Map<String, Long> snapshot() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** "table: before → after" for every table whose count changed. */
    public static List<String> changes(Map<String, Long> before, Map<String, Long> after) {
        List<String> changed = new ArrayList<>();
        after.forEach((table, n) -> {
            Long was = before.get(table);
            if (!n.equals(was)) {
                changed.add(table + ": " + was + " → " + n);
            }
        });
        return changed;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
