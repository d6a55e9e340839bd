package org.duban.platform.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;

import org.duban.events.MalformedEventException;
import org.duban.infra.PostgresServer;
import org.duban.testing.RealInfrastructure;

/**
 * What {@link TransientFailure} calls transient, each failure made for real against PostgreSQL (a drained Agroal pool,
 * a refused and a killed connection, a serialization failure, a deadlock, a lock not available), also wrapped the way
 * Hibernate and the transaction manager wrap them; and what it does not (a constraint violation, a bad payload, a bug).
 */
class TransientFailureTest {

    private static final String DB = "duban_platform_failures";
    private static PostgresServer postgres;

    @BeforeAll
    static void database() throws SQLException {
        postgres = RealInfrastructure.postgres();
        postgres.createDatabase(DB);
        try (Connection c = postgres.connect(DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists tf (id int primary key, n int)");
            s.execute("insert into tf values (1, 0), (2, 0) on conflict do nothing");
        }
    }

    /** As Hibernate and Narayana hand it over: the driver's exception deep in a chain of runtime exceptions. */
    private static RuntimeException wrapped(SQLException e) {
        return new IllegalStateException("transaction failed",
                new PersistenceException("could not execute statement", new GenericJDBCException("statement", e)));
    }

    @Test
    void aDrainedPoolsAcquisitionTimeoutIsTransientAlthoughItHasNoSqlState() throws Exception {
        try (AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(1).acquisitionTimeout(Duration.ofMillis(300))
                        .connectionFactoryConfiguration(cf -> cf.jdbcUrl(postgres.jdbcUrl(DB))
                                .principal(new NamePrincipal(PostgresServer.SUPERUSER)))));
                Connection held = pool.getConnection()) {
            SQLException drained = assertThrows(SQLException.class, pool::getConnection);
            assertEquals(null, drained.getSQLState(), "Agroal gives no SQLSTATE: " + drained);
            assertTrue(TransientFailure.isTransient(drained), drained.toString());
            assertTrue(TransientFailure.isTransient(wrapped(drained)));
        }
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/x?connectTimeout=2", "postgres", ""));
        assertTrue(TransientFailure.isTransient(wrapped(refused)), refused.toString());
    }

    @Test
    void aConnectionKilledUnderneathAndThenClosedIsTransient() throws Exception {
        try (Connection victim = postgres.connect(DB); Connection admin = postgres.connect(DB)) {
            int pid;
            try (var rs = victim.createStatement().executeQuery("select pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (var kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
                kill.setInt(1, pid);
                kill.execute();
            }
            SQLException killed = assertThrows(SQLException.class, () -> victim.createStatement().execute("select 1"));
            assertTrue(TransientFailure.isTransient(wrapped(killed)), killed + " " + killed.getSQLState());
            SQLException closed = assertThrows(SQLException.class, () -> victim.createStatement().execute("select 1"));
            assertTrue(TransientFailure.isTransient(wrapped(closed)), closed + " " + closed.getSQLState());
        }
    }

    @Test
    void aSerializationFailureIsTransient() throws Exception {
        try (Connection a = postgres.connect(DB); Connection b = postgres.connect(DB)) {
            for (Connection c : new Connection[] {a, b}) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            }
            a.createStatement().executeQuery("select sum(n) from tf").close();
            b.createStatement().executeQuery("select sum(n) from tf").close();
            a.createStatement().executeUpdate("update tf set n = n + 1 where id = 1");
            b.createStatement().executeUpdate("update tf set n = n + 1 where id = 2");
            a.commit();
            SQLException failure = assertThrows(SQLException.class, b::commit);
            assertEquals("40001", failure.getSQLState());
            assertTrue(TransientFailure.isTransient(wrapped(failure)));
        }
    }

    @Test
    void aDeadlockIsTransient() throws Exception {
        try (Connection a = postgres.connect(DB); Connection b = postgres.connect(DB)) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().executeUpdate("update tf set n = n + 1 where id = 1");
            b.createStatement().executeUpdate("update tf set n = n + 1 where id = 2");
            CountDownLatch aWaits = new CountDownLatch(1);
            CompletableFuture<SQLException> fromA = CompletableFuture.supplyAsync(() -> {
                aWaits.countDown();
                try {
                    a.createStatement().executeUpdate("update tf set n = n + 1 where id = 2");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            aWaits.await();
            SQLException fromB = null;
            try {
                b.createStatement().executeUpdate("update tf set n = n + 1 where id = 1");
            } catch (SQLException e) {
                fromB = e;
            }
            SQLException loser = fromB != null ? fromB : fromA.get(30, TimeUnit.SECONDS);
            if (fromB != null) {
                b.rollback(); // the winner (a) goes on
            }
            assertEquals("40P01", loser.getSQLState(), loser.toString());
            assertTrue(TransientFailure.isTransient(wrapped(loser)));
            a.rollback();
            b.rollback();
        }
    }

    @Test
    void aLockNotAvailableIsTransient() throws Exception {
        try (Connection a = postgres.connect(DB); Connection b = postgres.connect(DB)) {
            a.setAutoCommit(false);
            a.createStatement().executeQuery("select * from tf where id = 1 for update").close();
            SQLException busy = assertThrows(SQLException.class,
                    () -> b.createStatement().executeQuery("select * from tf where id = 1 for update nowait"));
            assertEquals("55P03", busy.getSQLState());
            assertTrue(TransientFailure.isTransient(wrapped(busy)));
            a.rollback();
        }
    }

    @Test
    void aConstraintViolationABadPayloadAndABugAreNotTransient() throws Exception {
        try (Connection c = postgres.connect(DB)) {
            SQLException duplicate = assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("insert into tf values (1, 0)"));
            assertEquals("23505", duplicate.getSQLState());
            assertFalse(TransientFailure.isTransient(wrapped(duplicate)));
            SQLException syntax = assertThrows(SQLException.class, () -> c.createStatement().execute("selec 1"));
            assertFalse(TransientFailure.isTransient(wrapped(syntax)));
        }
        assertFalse(TransientFailure.isTransient(new MalformedEventException("ce_id is not a UUID: x")));
        assertFalse(TransientFailure.isTransient(new IllegalStateException("a bug", new NullPointerException())));
        assertFalse(TransientFailure.isTransient(new SQLException("some driver complaint without a state")));
    }

    @Test
    void aCycleInTheCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(TransientFailure.isTransient(b));
    }
}
