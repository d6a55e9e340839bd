package org.duban.notification.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A row one pass claimed ({@link DeliveryClaims}): its claim token and lease end, and the message rendered for it — or,
 * when it could not be rendered, why ({@code error}, then {@code outgoing} is null).
 */
record Claimed(UUID deliveryId, UUID token, Instant claimedUntil, Channel.Outgoing outgoing, String error) {
}
