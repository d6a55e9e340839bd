package org.duban.platform.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code duban.audit.*}: how many security events (refused tokens, 403s, refused signatures) the trail takes. A flood
 * of refused requests must not become a flood of rows: per key (the event's kind and its caller — token subject, else
 * address) at most {@link #securityEventsPerMinute()} entries a minute, and across all keys at most
 * {@link #securityEventsTotalPerMinute()}; the next entry of a key after a refusal says how many were left out.
 */
@ConfigMapping(prefix = "duban.audit")
public interface AuditConfig {

    /** Security events written per kind and caller in one minute; the rest are counted, not written. */
    @WithDefault("10")
    int securityEventsPerMinute();

    /** Security events written by one instance in one minute, whatever their key. */
    @WithDefault("300")
    int securityEventsTotalPerMinute();

    /** Texts in before/after longer than this are written as their SHA-256 and length, not in full. */
    @WithDefault("200")
    int maxTextLength();
}
