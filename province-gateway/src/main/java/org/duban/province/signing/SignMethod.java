package org.duban.province.signing;

import java.util.Optional;

/** The two signature methods of docs/province-api.md §2, by their {@code X-Sign-Method} header value. */
public enum SignMethod {
    /** HMAC (RFC 2104) with SM3, keyed with the app secret; lowercase hex. The default when the header is absent. */
    HMAC_SM3("HMAC-SM3"),
    /** SM2 (GB/T 32918.2) with SM3 and user id 1234567812345678; Base64 of the DER {@code SEQUENCE {r, s}}. */
    SM3_WITH_SM2("SM3withSM2");

    private final String header;

    SignMethod(String header) {
        this.header = header;
    }

    /** The value as the {@code X-Sign-Method} header and the configuration spell it. */
    public String header() {
        return header;
    }

    /** Absent or blank means {@link #HMAC_SM3}; an unknown name is empty. */
    public static Optional<SignMethod> ofHeader(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(HMAC_SM3);
        }
        for (SignMethod m : values()) {
            if (m.header.equalsIgnoreCase(value.trim()) || m.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
