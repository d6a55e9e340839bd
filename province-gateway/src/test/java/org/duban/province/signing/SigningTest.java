package org.duban.province.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The signing rules of docs/province-api.md §2 against vectors computed outside Java. Plain JUnit: no Quarkus.
 *
 * <p>The fixtures were made on this machine (OpenSSL 3.0.19, Python 3) with:
 * <pre>
 * openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out k.pem     # PRIVATE_KEY below (PKCS#8, a test-only key)
 * openssl pkey -in k.pem -pubout -out pub.pem                                 # PUBLIC_KEY below
 * printf 'POST\n/api/province/messages\n1700000000000\nnonce-0123456789abcdef\n66c7f0f4…8ba8e0' > msg.txt   # STRING_TO_SIGN
 * openssl pkeyutl -sign -in msg.txt -inkey k.pem -out sig.der -rawin -digest sm3 -pkeyopt distid:1234567812345678
 * base64 -w0 sig.der                                                          # OPENSSL_SM2_SIGNATURE
 * python3 -c "import hmac; print(hmac.new(b'province-test-secret', open('msg.txt','rb').read(), 'sm3').hexdigest())"
 * openssl dgst -sm3 -hmac province-test-secret msg.txt                        # the same HMAC_SM3 value
 * </pre>
 */
public class SigningTest {

    public static final String PRIVATE_KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgpiysnl1Q1lD5Ipu21CcUW0DLkMTrG3WEyQ/LbsAN+RGhRANCAAT6"
            + "+GZYemPjbqb/qaDrYCk5jTqG+wY4KF6/sJxxHMjsAcSXobIgx97COcy4U/Q9zbF6StJTzT+XUgN1UvJwmpov";
    public static final String PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE+vhmWHpj426m/6mg62ApOY06hvsGOChev7CccRzI7AHEl6GyIMfewjnMuFP0Pc2x"
            + "ekrSU80/l1IDdVLycJqaLw==";
    public static final String OPENSSL_SM2_SIGNATURE = "MEQCIGXedeTJCNO01+KPXHXaJD1rtJ0rpJA3yitf0t6Vsd/ZAiAq3yIreu9m8BLDqds4ELG3iUtZtMWNlsDU5GaC7iZF7Q==";
    public static final String HMAC_SECRET = "province-test-secret";
    public static final String HMAC_SM3 = "67bf6602db4a148275c1ab7363356760bc676c315367866a3a092b4e18d4f69f";
    public static final String STRING_TO_SIGN = "POST\n/api/province/messages\n1700000000000\nnonce-0123456789abcdef\n"
            + "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sm3OfAbcAndOfNothingAreTheStandardVectors() {
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Sm3.hex(utf8("abc")), "GB/T 32905 A.1");
        assertEquals("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", Sm3.hex(new byte[0]));
    }

    @Test
    void theStringToSignIsFiveLinesWithTheBodysSm3() {
        assertEquals(STRING_TO_SIGN, StringToSign.of("post", "/api/province/messages", "1700000000000", "nonce-0123456789abcdef", utf8("abc")));
        assertTrue(StringToSign.of("GET", "/api/province/changes?since=0&limit=100", "1", "n", null)
                .endsWith("\n1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"), "a GET signs the SM3 of zero bytes");
    }

    @Test
    void hmacSm3MatchesPythonAndOpenssl() {
        HmacSm3Key key = new HmacSm3Key(HMAC_SECRET);
        assertEquals(HMAC_SM3, key.sign(utf8(STRING_TO_SIGN)));
        assertTrue(key.verify(utf8(STRING_TO_SIGN), HMAC_SM3));
        assertTrue(key.verify(utf8(STRING_TO_SIGN), HMAC_SM3.toUpperCase()), "hex case does not matter to the verifier");
        assertFalse(key.verify(utf8(STRING_TO_SIGN + " "), HMAC_SM3), "another string");
        assertFalse(new HmacSm3Key("another-secret").verify(utf8(STRING_TO_SIGN), HMAC_SM3), "another secret");
        assertFalse(key.verify(utf8(STRING_TO_SIGN), "not hex"));
        assertFalse(key.verify(utf8(STRING_TO_SIGN), null));
    }

    @Test
    void anSm2SignatureMadeByOpensslVerifies() {
        Sm2Key province = Sm2Key.ofPublic(PUBLIC_KEY);
        assertTrue(province.verify(utf8(STRING_TO_SIGN), OPENSSL_SM2_SIGNATURE));
        assertFalse(province.verify(utf8(STRING_TO_SIGN.replace("1700000000000", "1700000000001")), OPENSSL_SM2_SIGNATURE));
    }

    @Test
    void sm2RoundTripWithFixedKeysAndPemArmour() {
        Sm2Key signing = Sm2Key.ofPrivate("-----BEGIN PRIVATE KEY-----\n" + PRIVATE_KEY.substring(0, 64) + "\n" + PRIVATE_KEY.substring(64)
                + "\n-----END PRIVATE KEY-----\n");
        Sm2Key verifying = Sm2Key.ofPublic(PUBLIC_KEY);
        assertEquals(verifying.publicKey().getQ(), signing.publicKey().getQ(), "the public half derived from the private key");
        byte[] data = utf8("POST\n/api/county/messages\n1700000000000\nabcdefghijklmnop\n" + Sm3.hex(utf8("{\"msgId\":\"签收\"}")));
        String signature = signing.sign(data);
        assertTrue(verifying.verify(data, signature));
        assertTrue(signing.verify(data, signature));
        assertFalse(verifying.verify(utf8("other"), signature));
        assertFalse(verifying.verify(data, "bm90IGEgc2lnbmF0dXJl"), "Base64 but not DER");
        assertFalse(verifying.verify(data, "%%%"), "not Base64");
        assertThrows(UnsupportedOperationException.class, () -> verifying.sign(data), "a public key cannot sign");
    }

    @Test
    void keysThatAreNotSm2KeysAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Sm2Key.ofPublic("bm90IGEga2V5"));
        assertThrows(IllegalArgumentException.class, () -> Sm2Key.ofPrivate(PUBLIC_KEY));
        assertThrows(IllegalArgumentException.class, () -> new HmacSm3Key(""));
    }

    @Test
    void signMethodHeaders() {
        assertEquals(SignMethod.HMAC_SM3, SignMethod.ofHeader(null).orElseThrow());
        assertEquals(SignMethod.HMAC_SM3, SignMethod.ofHeader("HMAC-SM3").orElseThrow());
        assertEquals(SignMethod.SM3_WITH_SM2, SignMethod.ofHeader("SM3withSM2").orElseThrow());
        assertTrue(SignMethod.ofHeader("RSA").isEmpty());
    }
}
