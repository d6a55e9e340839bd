package org.duban.province.signing;

/**
 * A key that signs or verifies under one {@link SignMethod}, parsed once (at start-up) and used by many threads: each
 * call makes its own BouncyCastle engine, which is cheap; parsing keys is not.
 */
public interface Credential {

    SignMethod method();

    /** The {@code X-Signature} value over the UTF-8 string to sign. */
    default String sign(byte[] stringToSign) {
        throw new UnsupportedOperationException(method().header() + " key without its private part cannot sign");
    }

    /** Whether {@code signature} (as the header carries it) is valid over {@code stringToSign}; false for garbage. */
    boolean verify(byte[] stringToSign, String signature);
}
