package org.duban.task.assignment;

import java.util.UUID;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.platform.problem.Problem;
import org.duban.platform.problem.ProblemMappers;
import org.duban.task.plan.Milestone;

/**
 * The answer when a write loses an optimistic lock (the {@code @Version} of V30): another command committed a change
 * of the same row after this one read it, and this one was rolled back. The lifecycle commands lock their assignment
 * first and so meet the winner's state instead ({@link Changes}); this covers every other writer of an assignment,
 * an extension request or a milestone. 409 problem naming the entity, its state and its version as now committed.
 */
public class ConcurrentChanges {

    @ServerExceptionMapper
    public Response lost(OptimisticLockException e, UriInfo uri) {
        Object entity = e.getEntity();
        Problem problem = Problem.conflict("changed by another command meanwhile; read it again and retry"
                + (entity == null ? "" : ": " + entity.getClass().getSimpleName()));
        // read what the winner committed, in a transaction of its own (this one was rolled back)
        if (entity instanceof Assignment a) {
            UUID id = a.id;
            QuarkusTransaction.requiringNew().run(() -> {
                Assignment now = Assignment.findById(id);
                if (now != null) {
                    problem.with("assignmentId", id).with("state", now.status.name()).with("version", now.version);
                }
            });
        } else if (entity instanceof ExtensionRequest r) {
            UUID id = r.id;
            QuarkusTransaction.requiringNew().run(() -> {
                ExtensionRequest now = ExtensionRequest.findById(id);
                if (now != null) {
                    problem.with("requestId", id).with("state", now.status.name()).with("version", now.version);
                }
            });
        } else if (entity instanceof Milestone m) {
            UUID id = m.id;
            QuarkusTransaction.requiringNew().run(() -> {
                Milestone now = Milestone.findById(id);
                if (now != null) {
                    problem.with("milestoneId", id).with("state", now.status.name()).with("version", now.version);
                }
            });
        }
        return new ProblemMappers().problem(problem, uri);
    }
}
