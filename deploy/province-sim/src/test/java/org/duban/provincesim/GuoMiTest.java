package org.duban.provincesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * SM3, HMAC-SM3 and SM2 against the check values of docs/province-api.md and against fixtures computed outside Java
 * with OpenSSL and Python (src/test/resources/fixtures/README.md has the commands).
 */
class GuoMiTest {

    @Test
    void sm3CheckValues() {
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                GuoMi.sm3Hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", GuoMi.sm3Hex(new byte[0]));
    }

    @Test
    void stringToSignMatchesTheOneBuiltWithOpensslDgst() throws IOException {
        // string-to-sign.txt was built with printf and `openssl dgst -sm3 -r body.json` (see fixtures/README.md)
        assertEquals(fixture("string-to-sign.txt"), Signing.stringToSign("POST", "/api/county/messages", "1632535200000",
                "fixtureNonce0123456789abcdef", fixtureBytes("body.json")));
    }

    @Test
    void hmacSm3MatchesOpensslAndPython() throws IOException {
        // openssl dgst -sm3 -hmac demo-county-secret-NOT-FOR-PRODUCTION -r string-to-sign.txt
        // python3: hmac.new(b'demo-county-secret-NOT-FOR-PRODUCTION', message, 'sm3').hexdigest()
        String expected = fixture("hmac-sm3.hex").strip();
        assertEquals("92b70f77bef2901a8be92a521efd708b54b7e777b1c448d7240276528fe4d331", expected);
        assertEquals(expected, GuoMi.hmacSm3Hex(Settings.DEMO_COUNTY_SECRET, fixture("string-to-sign.txt")));
        assertNotEquals(expected, GuoMi.hmacSm3Hex(Settings.DEMO_PROVINCE_SECRET, fixture("string-to-sign.txt")));
    }

    @Test
    void anSm2SignatureMadeByOpensslVerifies() throws IOException {
        // openssl pkeyutl -sign -inkey sm2-private.pem -rawin -in string-to-sign.txt -digest sm3 -pkeyopt distid:1234567812345678
        String publicKey = fixture("sm2-public.pem");
        String message = fixture("string-to-sign.txt");
        String signature = fixture("sm2-signature.b64");
        assertTrue(GuoMi.sm2Verify(publicKey, message, signature));
        assertFalse(GuoMi.sm2Verify(publicKey, message + "x", signature));
        assertFalse(GuoMi.sm2Verify(GuoMi.generateSm2KeyPair().publicKey(), message, signature));
        assertFalse(GuoMi.sm2Verify(publicKey, message, "bm90IGEgc2lnbmF0dXJl"));
    }

    @Test
    void sm2RoundTripWithFixedKeys() throws IOException {
        String privateKey = fixture("sm2-private.pem");
        String publicKey = fixture("sm2-public.pem");
        assertEquals(GuoMi.stripPem(publicKey), GuoMi.publicKeyOf(privateKey));
        String message = fixture("string-to-sign.txt");
        String signature = GuoMi.sm2Sign(privateKey, message);
        assertTrue(GuoMi.sm2Verify(publicKey, message, signature));
        assertNotEquals(signature, GuoMi.sm2Sign(privateKey, message), "SM2 signatures are randomised");
        assertFalse(GuoMi.sm2Verify(publicKey, message.replace("POST", "GET"), signature));
    }

    @Test
    void generatedKeysRoundTrip() {
        GuoMi.Sm2KeyPair pair = GuoMi.generateSm2KeyPair();
        String signature = Signing.sign(SignMethod.SM3_WITH_SM2, null, pair.privateKey(), "hello");
        assertTrue(GuoMi.sm2Verify(pair.publicKey(), "hello", signature));
        assertEquals(pair.publicKey(), GuoMi.publicKeyOf(pair.privateKey()));
    }

    static String fixture(String name) throws IOException {
        return new String(fixtureBytes(name), StandardCharsets.UTF_8);
    }

    static byte[] fixtureBytes(String name) throws IOException {
        try (InputStream in = GuoMiTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
