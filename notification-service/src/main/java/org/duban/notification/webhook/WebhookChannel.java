package org.duban.notification.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.notification.config.NotificationConfig;
import org.duban.notification.delivery.Channel;
import org.duban.notification.recipient.Recipients;

/**
 * Outgoing webhooks for SMS/IM gateways and other systems: a JSON body POSTed to the unit's webhook URL (from the
 * unit replica), signed with the endpoint's secret (see {@link Signature}). Any 2xx is success; another status, a
 * refused connection or no answer within {@code duban.notification.webhook.timeout} is a failed attempt, retried by
 * the dispatcher. {@code X-Duban-Delivery} lets a receiver drop a repeat.
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    @Inject
    NotificationConfig config;

    @Inject
    Recipients recipients;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();

    @Override
    public java.time.Duration maxDuration() {
        return CONNECT_TIMEOUT.plus(config.webhook().timeout());
    }

    @Override
    public String name() {
        return Recipients.WEBHOOK;
    }

    @Override
    public void send(Outgoing outgoing) throws Exception {
        String secret = recipients.secretFor(outgoing.unitId())
                .orElseThrow(() -> new IllegalStateException("no webhook secret for unit " + outgoing.unitId()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("deliveryId", outgoing.deliveryId());
        payload.put("eventId", outgoing.eventId());
        payload.put("unitId", outgoing.unitId());
        payload.put("noticeType", outgoing.noticeType());
        payload.put("urgent", outgoing.urgent());
        payload.put("subject", outgoing.notice().subject());
        payload.put("text", outgoing.notice().text());
        String body = json.writeValueAsString(payload);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(outgoing.endpoint()))
                .timeout(config.webhook().timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(Signature.SIGNATURE_HEADER, Signature.sign(secret, timestamp, body))
                .header("X-Duban-Delivery", outgoing.deliveryId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body();
            throw new Refused(response.statusCode(), "webhook answered HTTP " + response.statusCode()
                    + (answer.isBlank() ? "" : ": " + answer.substring(0, Math.min(200, answer.length()))));
        }
    }

    /** A receiver's 4xx (but 408, 425, 429) refuses this request as it is; 5xx, 408, 425, 429 and no answer are transient. */
    @Override
    public boolean permanent(Exception failure) {
        return failure instanceof Refused r && r.status / 100 == 4 && r.status != 408 && r.status != 425 && r.status != 429;
    }

    /** The receiver answered, but not 2xx. */
    static final class Refused extends IllegalStateException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
