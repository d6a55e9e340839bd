package org.duban.supervision.evidence;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

import org.duban.platform.evidence.EvidenceConfig;
import org.duban.platform.evidence.EvidenceUploadRoute;
import org.duban.platform.security.Roles;

/**
 * The body of {@code POST /api/rectifications/{id}/evidence} is read by platform's {@link EvidenceUploadRoute} (streamed to
 * disk ahead of Quarkus REST with its own size limit, 413 at once over it, while the service's JSON endpoints keep their
 * 1 MiB); here only the path and who may upload at all. Whether the caller may act for the rectification's unit is
 * {@link RectificationEvidence#upload}'s check.
 */
@ApplicationScoped
public class RectificationUploadRoute {

    void install(@Observes Router router, EvidenceConfig config) throws IOException {
        EvidenceUploadRoute.install(router, "/api/rectifications/:id/evidence", config,
                identity -> identity.hasRole(Roles.UNIT_OFFICER) || identity.hasRole(Roles.SUPERVISOR),
                "rectification evidence is uploaded by the rectification's unit officer (or the supervision office)");
    }
}
