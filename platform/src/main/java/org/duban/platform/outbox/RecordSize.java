package org.duban.platform.outbox;

/**
 * The relay's size check before sending: a row's record (or a batch row's largest) estimated as Kafka counts it — key,
 * value, headers, and the record batch's overhead — against the producer's {@code max.request.size}. The producer would
 * refuse a larger record only after the pass had sent the rows before it; found here, the row is refused without a send.
 * Hand-written because Kafka's own estimate ({@code AbstractRecords.estimateSizeInBytesUpperBound}) is internal API.
 *
 * @param source         the CloudEvents source every record carries (the service's name)
 * @param maxRequestSize the producer's limit in bytes
 */
record RecordSize(String source, int maxRequestSize) {

    /** Why the producer would refuse this row's record (or a batch row's largest), or null. */
    String tooLarge(OutboxRow row) {
        long headers = 200 + source.length() + row.type().length() + (row.trace().isPresent() ? 120 : 0);
        if (!row.isBatch()) {
            long size = utf8(row.aggregateId()) + utf8(row.payload()) + headers + 64;
            return size > maxRequestSize ? "record of " + size + " bytes exceeds max.request.size " + maxRequestSize : null;
        }
        for (BatchRowCodec.Event event : row.events()) {
            long size = utf8(event.key()) + utf8(event.json()) + headers + 64;
            if (size > maxRequestSize) {
                return "event " + event.id() + ": record of " + size + " bytes exceeds max.request.size " + maxRequestSize;
            }
        }
        return null;
    }

    /** A text's length in UTF-8 bytes, counted without encoding it (a surrogate pair counts 2 + 2). */
    static long utf8(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            n += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
        }
        return n;
    }
}
