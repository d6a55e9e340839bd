package org.duban.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

import org.duban.platform.security.Roles;

/** For the office: every delivery, every attempt (the delivery log) and the notices that reached no one. */
@Tag(name = "Deliveries (送达记录)", description = "For the office: every email and webhook delivery, every attempt, and the notices that reached no one")
@Path("/api/deliveries")
@RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER })
public class DeliveryResource {

    public record DeliveryView(UUID id, UUID eventId, String channel, String recipient, UUID unitId, String noticeType,
            boolean urgent, String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt,
            UUID digestId) {
    }

    public record AttemptView(UUID deliveryId, UUID eventId, String channel, String recipient, String status, String error,
            Instant attemptedAt) {
    }

    public record UndeliverableView(UUID eventId, UUID unitId, String noticeType, String reason, Instant createdAt) {
    }

    public record Page<T>(List<T> items, long total, int page, int size) {
    }

    /** Deliveries, newest first; every filter optional. */
    @GET
    @Operation(operationId = "listDeliveries", summary = "送达记录 — deliveries", description = "Email and webhook deliveries, newest first, filtered by event, unit, recipient, channel (EMAIL, WEBHOOK) or status; every filter optional. Admin, supervisor, leader.")
    public Page<DeliveryView> deliveries(@QueryParam("eventId") UUID eventId, @QueryParam("unitId") UUID unitId,
            @QueryParam("recipient") String recipient, @QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Filter f = new Filter().eq("eventId", eventId).eq("unitId", unitId).eq("recipient", recipient).eq("channel", channel)
                .eq("status", status);
        var query = Delivery.find(f.where(), Sort.descending("createdAt"), f.params);
        List<DeliveryView> items = query.page(page, size).<Delivery> list().stream()
                .map(d -> new DeliveryView(d.id, d.eventId, d.channel, d.recipient, d.unitId, d.noticeType, d.urgent, d.status,
                        d.attempts, d.nextAttemptAt, d.lastError, d.createdAt, d.sentAt, d.digestId))
                .toList();
        return new Page<>(items, query.count(), page, size);
    }

    /** The delivery log: every attempt with channel, recipient, status, error and time; newest first. */
    @GET
    @Path("/log")
    @Operation(operationId = "deliveryLog", summary = "送达日志 — the delivery log", description = "Every attempt with channel, recipient, status, error and time, newest first; filters optional.")
    public Page<AttemptView> log(@QueryParam("eventId") UUID eventId, @QueryParam("deliveryId") UUID deliveryId,
            @QueryParam("recipient") String recipient, @QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Filter f = new Filter().eq("eventId", eventId).eq("deliveryId", deliveryId).eq("recipient", recipient)
                .eq("channel", channel).eq("status", status);
        var query = DeliveryAttempt.find(f.where(), Sort.descending("attemptedAt").and("id", Sort.Direction.Descending), f.params);
        List<AttemptView> items = query.page(page, size).<DeliveryAttempt> list().stream()
                .map(a -> new AttemptView(a.deliveryId, a.eventId, a.channel, a.recipient, a.status, a.error, a.attemptedAt)).toList();
        return new Page<>(items, query.count(), page, size);
    }

    /** Notices that found no mail address or webhook for a unit (no contacts, unknown unit, no supervisor). */
    @GET
    @Path("/undeliverable")
    @Operation(operationId = "listUndeliverable", summary = "无法送达 — notices that reached no one", description = "Notices that found no mail address or webhook for a unit (no contacts, unknown unit, no supervisor), newest first.")
    public Page<UndeliverableView> undeliverable(@QueryParam("unitId") UUID unitId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Filter f = new Filter().eq("unitId", unitId);
        var query = Undeliverable.find(f.where(), Sort.descending("createdAt"), f.params);
        List<UndeliverableView> items = query.page(page, size).<Undeliverable> list().stream()
                .map(u -> new UndeliverableView(u.eventId, u.unitId, u.noticeType, u.reason, u.createdAt)).toList();
        return new Page<>(items, query.count(), page, size);
    }

    private static final class Filter {
        final Map<String, Object> params = new HashMap<>();
        final List<String> clauses = new ArrayList<>();

        Filter eq(String field, Object value) {
            if (value != null && !(value instanceof String s && s.isBlank())) {
                clauses.add(field + " = :" + field);
                params.put(field, value);
            }
            return this;
        }

        String where() {
            return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
        }
    }

    @Entity
    @Table(name = "undeliverable")
    public static class Undeliverable extends PanacheEntityBase {
        @Id
        public UUID id;
        @Column(name = "event_id")
        public UUID eventId;
        @Column(name = "unit_id")
        public UUID unitId;
        @Column(name = "notice_type")
        public String noticeType;
        public String reason;
        @Column(name = "created_at")
        public Instant createdAt;
    }
}
