package org.duban.platform.inbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import org.duban.events.MalformedEventException;

/**
 * {@link TransientFailure}'s rules alone (plain JUnit, no Quarkus, no database): each SQLSTATE and type the class comment
 * lists, where in a cause chain it may be found, and what is not transient. {@code TransientFailureTest} makes the same
 * failures for real against PostgreSQL.
 */
class TransientFailureRulesTest {

    private static SQLException state(String sqlState) {
        return new SQLException("failed with " + sqlState, sqlState);
    }

    @Test
    void theTransientSqlStatesAndClassesAreTransient() {
        for (String state : List.of("08000", "08003", "08006", "08P01", "53100", "53200", "53300", "57P01", "57P02",
                "57P03", "58030", "40001", "40P01", "55P03", "57014")) {
            assertTrue(TransientFailure.isTransient(state(state)), state);
        }
    }

    @Test
    void otherSqlStatesAreNot() {
        for (String state : List.of("23505", "23503", "42601", "42P01", "22P02", "40002", "55000", "57000", "0", "")) {
            assertFalse(TransientFailure.isTransient(state(state)), state);
        }
    }

    @Test
    void agroalsAcquisitionTimeoutIsKnownByItsMessageAloneAndOnlyWithoutASqlState() {
        assertTrue(TransientFailure.isTransient(new SQLException("Sorry, acquisition timeout!")));
        assertTrue(TransientFailure.isTransient(new SQLException("Acquisition timeout while waiting for new connection")));
        assertFalse(TransientFailure.isTransient(new SQLException("Acquisition timeout", "23505")), "its SQLSTATE decides");
        assertFalse(TransientFailure.isTransient(new SQLException((String) null)));
    }

    @Test
    void theTypesAreTransientWhereverTheyAreInTheChain() {
        assertTrue(TransientFailure.isTransient(new SQLTimeoutException("statement timeout")));
        assertTrue(TransientFailure.isTransient(new ConnectException("Connection refused")));
        assertTrue(TransientFailure.isTransient(new RuntimeException("tx", new IllegalStateException("flush",
                new JDBCConnectionException("gone", state("08006"))))));
        RuntimeException suppressing = new RuntimeException("rollback failed");
        suppressing.addSuppressed(state("40P01"));
        assertTrue(TransientFailure.isTransient(suppressing), "a suppressed exception counts");
        SQLException batch = state("23505");
        batch.setNextException(state("40001"));
        assertTrue(TransientFailure.isTransient(batch), "a JDBC batch's next exception counts");
    }

    @Test
    void aBadEventABugAndNothingAreNotTransientAndACycleEnds() {
        assertFalse(TransientFailure.isTransient(null));
        assertFalse(TransientFailure.isTransient(new MalformedEventException("no such field")));
        assertFalse(TransientFailure.isTransient(new NullPointerException()));
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(TransientFailure.isTransient(a));
        RuntimeException self = new RuntimeException("self");
        self.addSuppressed(b);
        assertFalse(TransientFailure.isTransient(self));
    }
}
