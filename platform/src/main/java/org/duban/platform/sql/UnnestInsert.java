package org.duban.platform.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes many rows with one {@code insert … select … from unnest(?, ?, …)} statement per 10,000 rows instead of a
 * statement per row: each column travels as one array parameter. For set-based work (notification-service's inbox
 * entries of a polled batch), where a round trip per row would cost more than the rows themselves.
 * Hand-written because JDBC batching still executes one insert per row on the server, and Hibernate has no
 * set-based insert of values.
 */
public final class UnnestInsert {

    /** Rows per statement: large enough to amortise the round trip, small enough to keep each array modest. */
    static final int CHUNK = 10_000;

    private UnnestInsert() {
    }

    /**
     * Runs {@code sql} for all {@code rows}, in chunks. Its parameters are first the {@code shared} values (the same for
     * every row; cast them in the SQL, e.g. {@code cast(? as timestamptz)}, so that a null has a type), then one array
     * per column: column i of every row goes into an array of SQL type {@code columnTypes[i]}.
     */
    public static void insert(Connection connection, String sql, List<?> shared, List<Object[]> rows, String... columnTypes)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < shared.size(); i++) {
                insert.setObject(i + 1, shared.get(i));
            }
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                for (int column = 0; column < columnTypes.length; column++) {
                    Object[] values = new Object[chunk.size()];
                    for (int row = 0; row < chunk.size(); row++) {
                        values[row] = chunk.get(row)[column];
                    }
                    insert.setArray(shared.size() + column + 1, connection.createArrayOf(columnTypes[column], values));
                }
                insert.executeUpdate();
            }
        }
    }
}
