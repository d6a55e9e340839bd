package org.duban.province.inbound;

import java.util.Map;

import org.duban.platform.audit.AuditTrail;
import org.duban.platform.audit.SecurityEvents;
import org.duban.province.message.Refusal;

import io.vertx.core.http.HttpServerRequest;

/**
 * A signed request from the province that was refused for its signature (code 1: app key, timestamp, nonce, sign method
 * or signature; docs/province-api.md §2) as a security event of the audit trail (issue 20), written in its own
 * transaction within the trail's per-minute budget per address. Other refusals (invalid fields, flow errors) come from
 * a caller whose signature held and are answered and logged only.
 */
public final class InboundAudit {

    private InboundAudit() {
    }

    public static void refused(Refusal refusal, String appKey, String msgId, HttpServerRequest request) {
        if (refusal.code() != 1) {
            return;
        }
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        Map<String, Object> details = AuditTrail.fields("status", refusal.httpStatus(), "code", refusal.code(), "reason",
                refusal.getMessage(), "appKey", appKey, "msgId", msgId);
        AuditTrail.current().security(SecurityEvents.SIGNATURE_REFUSED, null, address, request.method().name() + " " + request.path(),
                details, request.getHeader("X-Request-Id"));
    }
}
