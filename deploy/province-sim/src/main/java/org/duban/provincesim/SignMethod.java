package org.duban.provincesim;

/** The two signing methods of docs/province-api.md §2, by their {@code X-Sign-Method} header value. */
public enum SignMethod {
    HMAC_SM3("HMAC-SM3"),
    SM3_WITH_SM2("SM3withSM2");

    private final String header;

    SignMethod(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    /** The method a header names; an absent header means HMAC-SM3; null for an unknown name. */
    public static SignMethod ofHeader(String value) {
        if (value == null || value.isBlank()) {
            return HMAC_SM3;
        }
        for (SignMethod m : values()) {
            if (m.header.equals(value.strip())) {
                return m;
            }
        }
        return null;
    }
}
