package org.duban.provincesim;

import java.time.Duration;

/**
 * How one message is sent; {@link #defaults()} signs correctly with the configured method and a generated msgId. The
 * deliberately wrong options let the gateway's tests drive each refusal of docs/province-api.md §2.
 *
 * @param msgId          the msgId to use (to resend the same message); null generates one
 * @param signMethod     the method to sign with; null uses the configured one
 * @param wrongSignature send a signature that does not verify
 * @param timestampSkew  added to the clock for X-Timestamp (e.g. minus 6 minutes for a stale timestamp)
 * @param nonce          the X-Nonce to use; null generates a fresh one
 * @param replayLastNonce send the nonce of this instance's previous request again
 * @param appKey         the X-App-Key to send; null uses the configured one
 * @param push           POST it to the peer; false only writes it to the changes feed (a one-way network)
 * @param feed           write it to this instance's changes feed (GET /api/province/changes)
 */
public record SendOptions(String msgId, SignMethod signMethod, boolean wrongSignature, Duration timestampSkew, String nonce,
        boolean replayLastNonce, String appKey, boolean push, boolean feed) {

    public static SendOptions defaults() {
        return new SendOptions(null, null, false, Duration.ZERO, null, false, null, true, true);
    }

    public SendOptions msgId(String id) {
        return new SendOptions(id, signMethod, wrongSignature, timestampSkew, nonce, replayLastNonce, appKey, push, feed);
    }

    public SendOptions signMethod(SignMethod method) {
        return new SendOptions(msgId, method, wrongSignature, timestampSkew, nonce, replayLastNonce, appKey, push, feed);
    }

    /** A wrong signature; the message is not written to the changes feed. */
    public SendOptions badSignature() {
        return new SendOptions(msgId, signMethod, true, timestampSkew, nonce, replayLastNonce, appKey, push, false);
    }

    public SendOptions timestampSkew(Duration skew) {
        return new SendOptions(msgId, signMethod, wrongSignature, skew, nonce, replayLastNonce, appKey, push, false);
    }

    /** X-Timestamp six minutes in the past: outside the 5-minute window. */
    public SendOptions staleTimestamp() {
        return timestampSkew(Duration.ofMinutes(-6));
    }

    public SendOptions nonce(String value) {
        return new SendOptions(msgId, signMethod, wrongSignature, timestampSkew, value, replayLastNonce, appKey, push, feed);
    }

    /** The nonce of this instance's previous request again (a replay). */
    public SendOptions reuseLastNonce() {
        return new SendOptions(msgId, signMethod, wrongSignature, timestampSkew, nonce, true, appKey, push, false);
    }

    public SendOptions appKey(String key) {
        return new SendOptions(msgId, signMethod, wrongSignature, timestampSkew, nonce, replayLastNonce, key, push, false);
    }

    /** An app key the receiver has never registered. */
    public SendOptions unknownAppKey() {
        return appKey("unknown-app-key");
    }

    /** Only write it to the changes feed, for the county's puller; nothing is POSTed. */
    public SendOptions feedOnly() {
        return new SendOptions(msgId, signMethod, wrongSignature, timestampSkew, nonce, replayLastNonce, appKey, false, true);
    }

    public SendOptions feed(boolean on) {
        return new SendOptions(msgId, signMethod, wrongSignature, timestampSkew, nonce, replayLastNonce, appKey, push, on);
    }
}
