package org.duban.province.reconcile;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.duban.platform.schema.SchemaMigration;
import org.duban.province.config.GatewayConfig;
import org.duban.province.inbound.InboundMessages;
import org.duban.province.message.Refusal;
import org.duban.province.message.Envelope;
import org.duban.province.message.Envelopes;
import org.duban.province.outbound.ProvinceClient;
import org.duban.province.signing.Credentials;

/**
 * For one-way networks: when {@code duban.province.pull-url} is set, fetches the province's changes (docs/province-api.md
 * §7) with a signed GET after the stored cursor and applies each message exactly as if it had been pushed — the same
 * checks, the same idempotency row (sender app key, msgId), so a message both pushed and pulled takes effect once. A
 * message refused (code 2 or 3) is logged and passed over, so one bad message cannot stop the feed; the cursor moves
 * after each page is applied.
 */
@ApplicationScoped
public class Puller {

    private static final Logger LOG = Logger.getLogger(Puller.class);
    static final String SOURCE = "province";

    @Inject
    GatewayConfig config;

    @Inject
    Credentials credentials;

    @Inject
    ProvinceClient client;

    @Inject
    InboundMessages messages;

    @Inject
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    Clock clock;

    @Scheduled(every = "${duban.province.pull.interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        String url = config.pullUrl().filter(u -> !u.isBlank()).orElse(null);
        if (url == null || !schema.isMigrated()) {
            return;
        }
        try {
            while (pullOnce(url) == config.pull().limit()) {
                // a full page: there may be more
            }
        } catch (Exception e) {
            LOG.warnf("pulling the province's changes from %s failed, next tick retries: %s", url, e.getMessage());
        }
    }

    /** One page: returns how many items it held. */
    public int pullOnce(String url) throws Exception {
        String appKey = senderAppKey();
        long since = cursor();
        URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "since=" + since + "&limit=" + config.pull().limit());
        ProvinceClient.Reply reply = client.get(uri);
        if (reply.status() != 200 || reply.code() == null || reply.code() != 0 || !reply.body().path("items").isArray()) {
            throw new IllegalStateException("HTTP " + reply.status() + ", code " + reply.code() + ": " + reply.msg());
        }
        JsonNode items = reply.body().get("items");
        long next = since;
        for (JsonNode item : items) {
            JsonNode message = item.get("message");
            String text = message == null ? "null" : message.toString();
            try {
                ObjectNode root = Envelopes.parse(text.getBytes(StandardCharsets.UTF_8));
                Envelope env = Envelopes.inbound(root);
                messages.accept(appKey, null, env, text, InboundMessages.PULL);
            } catch (Refusal r) {
                LOG.warnf("pulled message at cursor %s refused: code %d, %s", item.path("cursor").asText(), r.code(), r.getMessage());
            }
            next = Math.max(next, item.path("cursor").asLong(next));
        }
        if (next != since) {
            long position = next;
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    insert into pull_cursor (source, position, updated_at) values (?1, ?2, ?3)
                    on conflict (source) do update set position = excluded.position, updated_at = excluded.updated_at""")
                    .setParameter(1, SOURCE).setParameter(2, position).setParameter(3, clock.instant()).executeUpdate());
        }
        return items.size();
    }

    private long cursor() {
        return QuarkusTransaction.requiringNew().call(() -> {
            var rows = em.createNativeQuery("select position from pull_cursor where source = ?1").setParameter(1, SOURCE).getResultList();
            return rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue();
        });
    }

    /** The registered app the pulled messages come from: configured, or the only one. */
    private String senderAppKey() {
        if (config.pull().appKey().isPresent()) {
            return config.pull().appKey().get();
        }
        if (credentials.apps().size() != 1) {
            throw new IllegalStateException("set duban.province.pull.app-key: " + credentials.apps().size() + " apps are registered");
        }
        return credentials.apps().iterator().next().appKey();
    }
}
