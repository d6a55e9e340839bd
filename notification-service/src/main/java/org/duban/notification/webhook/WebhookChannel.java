package org.duban.notification.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import org.duban.notification.config.NotificationConfig;
import org.duban.notification.delivery.Channel;
import org.duban.notification.recipient.Recipients;

/**
 * Outgoing webhooks for SMS/IM gateways and other systems: a JSON body POSTed to the unit's webhook URL (from the
 * unit replica), signed with the unit's secret ({@link WebhookSecrets}, {@link Signature}). Any 2xx is success; another
 * status, a refused connection or no answer within {@code duban.notification.webhook.timeout} is a failed attempt,
 * retried by the dispatcher. {@code X-Duban-Delivery} lets a receiver drop a repeat. Only the status of a failed
 * answer is kept, never its body (issue 20).
 *
 * <p>No server-side request forgery (issue 20): before every send the URL is checked and its host resolved again
 * ({@link WebhookTarget}); a target on a loopback, link-local, private, CGNAT, multicast or unspecified address is
 * refused for good without a connection, and the request goes to the very address that was checked
 * ({@link RequestOptions#setServer}: Vert.x connects there while the Host header, TLS SNI and certificate check use the
 * URL's host name), so a second DNS answer cannot redirect it. Redirects are not followed. Why Vert.x's client and not
 * the JDK's: {@code java.net.http.HttpClient} cannot be told which address to connect to for a host name.
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    /** During a rotation's grace, the signature made with the previous secret. */
    public static final String PREVIOUS_SIGNATURE_HEADER = "X-Duban-Signature-Previous";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    NotificationConfig config;

    @Inject
    WebhookSecrets secrets;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    private HttpClient http;

    @PostConstruct
    void start() {
        // no keep-alive: every send connects to the address its own check resolved
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setVerifyHost(true)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()).setMaxPoolSize(Math.max(1, config.dispatch().parallelism())));
    }

    @PreDestroy
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public Duration maxDuration() {
        return CONNECT_TIMEOUT.plus(config.webhook().timeout());
    }

    @Override
    public String name() {
        return Recipients.WEBHOOK;
    }

    @Override
    public void send(Outgoing outgoing) throws Exception {
        WebhookTarget target = WebhookTarget.check(outgoing.endpoint(), config.webhook().requireHttps(), config.webhook().allowLoopback());
        WebhookSecrets.Signing signing = secrets.forSending(outgoing.unitId());
        if (!signing.handedOver()) {
            // the receiver could not verify a signature made with it; sent once the unit's officer has been handed one
            throw new IllegalStateException("webhook secret of unit " + outgoing.unitId()
                    + " not yet handed over: its officer or an admin gets it from POST /api/webhook-secrets/" + outgoing.unitId());
        }
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
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target.uri().toString())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis())
                .setIdleTimeout(config.webhook().timeout().toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(Signature.SIGNATURE_HEADER, Signature.sign(signing.current(), timestamp, body))
                .putHeader("X-Duban-Delivery", outgoing.deliveryId().toString());
        signing.previous().ifPresent(old -> options.putHeader(PREVIOUS_SIGNATURE_HEADER, Signature.sign(old, timestamp, body)));

        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        var status = http.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(Buffer.buffer(body));
                })
                // the status decides; the body is not read (Vert.x drops it; nothing of what the target answers is kept,
                // issue 20). Not response.handler()/end(): when the whole answer (an empty 200) has arrived before this
                // continuation runs — a busy event loop — both throw IllegalStateException, and a notice the receiver
                // had taken and answered 200 was counted failed and sent again (8 webhooks in the fault suite's run 4)
                .map(HttpClientResponse::statusCode);
        int code;
        try {
            code = status.toCompletionStage().toCompletableFuture().get(maxDuration().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
                // connected and the request on its way: the receiver may have taken it (same X-Duban-Delivery next time)
                throw new InDoubt("webhook gave no complete answer within " + maxDuration() + " to a request it may have taken");
            }
            throw new TimeoutException("webhook gave no complete answer within " + maxDuration());
        } catch (ExecutionException e) {
            if (sent.get() != null) {
                // connected and the request handed over, then the connection broke before an answer: the receiver may
                // have it (the fault suite saw such copies counted as plain failures and resent)
                throw new InDoubt("webhook connection failed after the request was sent (" + e.getCause() + "); the receiver may have it",
                        e.getCause());
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (code / 100 != 2) {
            throw new Refused(code, "webhook answered HTTP " + code);
        }
    }

    /**
     * A receiver's 4xx (but 408, 425, 429) refuses this request as it is, and a redirect is not followed; 5xx, 408,
     * 425, 429 and no answer are transient.
     */
    @Override
    public boolean permanent(Exception failure) {
        return failure instanceof Refused r && (r.status / 100 == 3
                || r.status / 100 == 4 && r.status != 408 && r.status != 425 && r.status != 429);
    }

    /** A target the send-time check refused: no connection was made, and none ever will be. */
    @Override
    public boolean hopeless(Exception failure) {
        return failure instanceof WebhookTarget.Refused;
    }

    @Override
    public boolean inDoubt(Exception failure) {
        return failure instanceof InDoubt;
    }

    /** No answer (in time, or at all: the connection broke) to a request that was sent: the receiver may have it. */
    static final class InDoubt extends TimeoutException {
        InDoubt(String message) {
            super(message);
        }

        InDoubt(String message, Throwable cause) {
            super(message);
            initCause(cause);
        }
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
