package org.duban.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.duban.notification.config.NotificationConfig;
import org.duban.platform.net.Causes;

/**
 * Sends one claimed row through its {@link Channel}, outside any transaction, and says what became of it
 * ({@link SendResult}). A send starts only while the claim outlasts the channel's longest send
 * ({@link Channel#maxDuration()}, a hard bound) plus {@code lease-margin}, so a claim never runs out mid-send; a row
 * whose claim would not last (a slow server made the pass long) is released unsent. When the dispatcher starts, every
 * channel's longest send must fit in a lease.
 */
@ApplicationScoped
class ChannelSender {

    @Inject
    NotificationConfig config;

    @Inject
    Instance<Channel> channels;

    private Map<String, Channel> byName;

    @PostConstruct
    void start() {
        byName = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
    }

    /** Throws unless every channel's longest send plus {@code lease-margin} fits in a lease (checked when the dispatcher starts). */
    void requireSendsFitInALease() {
        for (Channel c : byName.values()) {
            Duration needed = c.maxDuration().plus(config.dispatch().leaseMargin());
            if (config.dispatch().lease().compareTo(needed) <= 0) {
                throw new IllegalStateException("duban.notification.dispatch.lease (" + config.dispatch().lease() + ") must exceed the "
                        + c.name() + " channel's longest send (" + c.maxDuration() + ") plus dispatch.lease-margin ("
                        + config.dispatch().leaseMargin() + "), or no send could start inside a claim");
            }
        }
    }

    SendResult send(Claimed c) {
        if (c.error() != null) {
            return SendResult.unsendable(c, c.error()); // the same data renders the same
        }
        Channel channel = byName.get(c.outgoing().channel());
        if (channel == null) {
            return SendResult.unsendable(c, "no channel " + c.outgoing().channel());
        }
        // the pass is bounded by its lease: start a send only if even the slowest one ends (and is recorded) inside it
        if (Instant.now().plus(channel.maxDuration()).plus(config.dispatch().leaseMargin()).isAfter(c.claimedUntil())) {
            return SendResult.released(c);
        }
        try {
            channel.send(c.outgoing());
            return SendResult.sent(c);
        } catch (Exception e) {
            boolean hopeless = channel.hopeless(e);
            return SendResult.failed(c, Causes.describe(e), hopeless || channel.permanent(e), hopeless,
                    !hopeless && channel.inDoubt(e));
        }
    }
}
