package org.duban.provincesim;

/** How the stand-in behaves, switchable at run time ({@link ProvinceSim#mode(Mode)}, {@code POST /sim/mode/{MODE}}). */
public enum Mode {
    /** Verify, record and answer as docs/province-api.md says. */
    NORMAL,
    /** Answer every request with HTTP 503 and no body (the platform is down); still recorded as an attempt. */
    REFUSE,
    /**
     * Hold every request open until {@link ProvinceSim#releaseHung()}, a switch to another mode, or the hang limit,
     * then answer 503 with no body; recorded as an attempt, never accepted.
     */
    HANG,
    /** Sign every outbound message with a wrong signature. Inbound handling stays normal. */
    BAD_SIGNATURE_OUT,
    /** Refuse every inbound message with code 1 (HTTP 401) whatever its signature; recorded as an attempt. */
    ANSWER_CODE_1
}
