package org.duban.platform.inbox;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;

import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

/**
 * A failure that says nothing about the event: the database was unreachable, restarting, overloaded, its pool
 * drained, or the transaction lost a lock race. {@link EventInbox} retries these (for as long as they last) instead of
 * dead-lettering a good event.
 *
 * <p>Classified by every throwable of the cause chain (and their suppressed ones), by type and by PostgreSQL SQLSTATE:
 * <ul>
 * <li>types: {@code SQLTransientException} (incl. {@code SQLTimeoutException}), {@code SQLRecoverableException},
 * Hibernate's {@code JDBCConnectionException} and {@code LockAcquisitionException}, JPA's lock/optimistic/query
 * timeouts, and the network below JDBC: {@code ConnectException} (connection refused), {@code SocketException}
 * (connection reset or closed), {@code SocketTimeoutException}, {@code EOFException}, {@code UnknownHostException},
 * and {@code TimeoutException};</li>
 * <li>Agroal's pool acquisition timeout, a plain {@code SQLException} without SQLSTATE ("Sorry, acquisition timeout!",
 * "Acquisition timeout while waiting for new connection"): recognised by its message, the only thing it has;</li>
 * <li>the PostgreSQL driver's "This connection has been closed." (SQLSTATE 08003) and every SQLSTATE of class 08
 * (connection exception), 53 (insufficient resources: disk full, out of memory, too many connections), 57P (operator
 * intervention: admin or crash shutdown, cannot connect now), 58 (system error: I/O), and the codes 40001
 * (serialization failure), 40P01 (deadlock), 55P03 (lock not available), 57014 (query canceled: statement
 * timeout).</li>
 * </ul>
 * Anything else (a constraint violation, a bad payload, a bug) is not transient: the record is dead-lettered.
 */
public class TransientFailure extends RuntimeException {

    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "58");
    private static final Set<String> TRANSIENT_CODES = Set.of("40001", "40P01", "55P03", "57014");
    private static final Set<Class<? extends Throwable>> TRANSIENT_TYPES = Set.of(SQLTransientException.class,
            SQLRecoverableException.class, JDBCConnectionException.class, LockAcquisitionException.class,
            LockTimeoutException.class, PessimisticLockException.class, OptimisticLockException.class,
            QueryTimeoutException.class, ConnectException.class, SocketException.class, SocketTimeoutException.class,
            EOFException.class, UnknownHostException.class, TimeoutException.class);

    TransientFailure(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    /** Whether {@code failure} or anything it was caused by is transient (see the class comment). */
    public static boolean isTransient(Throwable failure) {
        return isTransient(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean isTransient(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false; // the end of the chain, or a cycle
        }
        if (transientItself(t)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (isTransient(suppressed, seen)) {
                return true;
            }
        }
        if (t instanceof SQLException sql && sql.getNextException() != null && isTransient(sql.getNextException(), seen)) {
            return true;
        }
        return isTransient(t.getCause(), seen);
    }

    private static boolean transientItself(Throwable t) {
        for (Class<? extends Throwable> type : TRANSIENT_TYPES) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null) {
                return TRANSIENT_CODES.contains(state) || state.startsWith("57P")
                        || (state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
            }
            // Agroal's acquisition timeout carries no SQLSTATE and no type of its own: its message is all there is.
            String message = sql.getMessage();
            return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
        }
        return false;
    }
}
