package org.duban.province.message;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A message as docs/province-api.md §3 defines it, read and validated; {@code payload} is still JSON. */
public record Envelope(String msgId, MessageType msgType, String provTaskId, Instant sendTime, String sendTimeText, String senderOrg,
        String receiverOrg, String schemaVersion, ObjectNode payload) {
}
