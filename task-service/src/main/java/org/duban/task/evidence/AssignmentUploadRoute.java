package org.duban.task.evidence;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

import org.duban.platform.evidence.EvidenceConfig;
import org.duban.platform.security.Roles;

/**
 * The body of {@code POST /api/assignments/{id}/evidence} is read by platform's
 * {@link org.duban.platform.evidence.EvidenceUploadRoute} (streamed to disk ahead of Quarkus REST, its own size limit, 413
 * at once over it); here only the path and who may upload at all: a unit officer or the supervision office. Whether the
 * caller may act for the assignment's unit is {@link Evidence#upload}'s check.
 */
@ApplicationScoped
public class AssignmentUploadRoute {

    void install(@Observes Router router, EvidenceConfig config) throws IOException {
        org.duban.platform.evidence.EvidenceUploadRoute.install(router, "/api/assignments/:id/evidence", config,
                identity -> identity.hasRole(Roles.UNIT_OFFICER) || identity.hasRole(Roles.SUPERVISOR),
                "evidence files are uploaded by the assignment's unit officer (or the supervision office)");
    }
}
