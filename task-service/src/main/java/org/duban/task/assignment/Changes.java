package org.duban.task.assignment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/**
 * What every lifecycle command of an assignment shares (task-service/README.md, "Assignment lifecycle"): the
 * commands themselves live by reason to change in {@link Acceptance} (签收, 退回, 改派), {@link Reporting} (反馈, 复核),
 * {@link Extensions} (延期), {@link Closing} (办结销号) and {@link Withdrawal} (撤销交办); the rules are the aggregate's
 * ({@link Assignment.Step}). Each command takes its assignment here ({@link #change}), checks the step
 * ({@link #require}), takes it on the aggregate and writes the history row ({@link #move}), and announces through the
 * outbox with an id from {@link Change#eventId}, in one transaction.
 *
 * <p>Concurrency (issue 18): every command takes its assignment with a row lock that also raises its version, so two
 * commands on one assignment run one after the other: the second reads what the first committed and, when its step is
 * no longer allowed, gets a 409 naming the state and the version. Each event of a transition has an id derived from
 * the assignment, the transition and that version, so a command repeated on the same version can never announce twice.
 */
@ApplicationScoped
public class Changes {

    @Inject
    EntityManager em;

    @Inject
    CallerUnit caller;

    @Inject
    SecurityIdentity identity;

    /**
     * One command's hold on an assignment: the row locked for this transaction (its version already raised) and the
     * {@code version} the command met, i.e. what the previous change committed. Two commands on one assignment run one
     * after the other, so no two commits meet the same version; a 409 names the state and this version.
     */
    public record Change(Assignment assignment, long version) {

        /**
         * The id of an event of this change: a name-based UUID of the assignment, the transition and the version it
         * changed, so the same transition from the same version is announced once, whoever repeats it.
         */
        UUID eventId(String transition) {
            return UUID.nameUUIDFromBytes(("assignment:" + assignment.id + ":" + transition + ":" + version)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The assignment for a command: {@code select … for update} (a second command on it waits here until the first
     * commits, then reads what it left) and the version raised at once ({@code PESSIMISTIC_FORCE_INCREMENT}), so also
     * a command that changes nothing else on the row (复核 approved, 延期申请, a report on REPORTED work) counts as a
     * change of it. Taken before anything else of the assignment is read in the transaction.
     */
    Change change(UUID id) {
        Assignment a = em.find(Assignment.class, id, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        if (a == null) {
            throw Problem.notFound("no assignment " + id);
        }
        // the increment is exactly one (Hibernate's Versioning.increment for a long), done by this lock
        return new Change(a, a.version - 1);
    }

    /** {@link #change}, if the caller may act for the assignment's unit (403 otherwise): the unit's own steps. */
    Change ownChange(UUID id) {
        Change c = change(id);
        caller.requireMayActFor(c.assignment().unitId);
        return c;
    }

    /** A 409 naming the state and the version unless the assignment's transition table allows {@code step} now. */
    static void require(Change c, Assignment.Step step) {
        Assignment a = c.assignment();
        if (a.may(step)) {
            return;
        }
        throw Problem.conflict("cannot " + step.verb + " assignment " + a.id + ": it is " + a.status + " (version " + c.version()
                + "); allowed from " + step.from).with("state", a.status.name()).with("version", c.version());
    }

    /** Takes {@code step} on the aggregate (its transition table) and writes the history row. */
    void move(Assignment a, Assignment.Step step, String reason, Instant now) {
        Assignment.Status from = a.take(step, now);
        AssignmentHistory.record(a, from, actor(), reason, now);
    }

    /** Who acts, for the history: the token's subject with its unit or role. */
    String actor() {
        String name = identity.isAnonymous() ? AssignmentHistory.SYSTEM : identity.getPrincipal().getName();
        if (caller.isUnitOfficer()) {
            return name + " (unit " + caller.unitId().map(UUID::toString).orElse("?") + ")";
        }
        for (String role : List.of(Roles.SUPERVISOR, Roles.ADMIN, Roles.LEADER, Roles.INTEGRATION)) {
            if (identity.hasRole(role)) {
                return name + " (" + role + ")";
            }
        }
        return name;
    }

    /** The assignment, unlocked (reads); 404 when there is none. */
    static Assignment find(UUID id) {
        Assignment a = Assignment.findById(id);
        if (a == null) {
            throw Problem.notFound("no assignment " + id);
        }
        return a;
    }

    boolean callerIs(UUID unitId) {
        return caller.unitId().map(unitId::equals).orElse(false);
    }

    boolean callerLeads(UUID taskId) {
        return caller.unitId().map(unit -> LeadUnits.leads(taskId, unit)).orElse(false);
    }
}
