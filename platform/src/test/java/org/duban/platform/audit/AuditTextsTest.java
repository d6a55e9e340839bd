package org.duban.platform.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The audit trail's text rule alone (plain JUnit, no Quarkus): texts over 200 characters are kept as digest and length. */
class AuditTextsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDigestIsSha256OfTheUtf8BytesInHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AuditTexts.sha256("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditTexts.sha256(""));
        assertEquals(AuditTexts.sha256("督办"), AuditTrail.sha256("督办"), "the public helper services use is the same rule");
    }

    @Test
    void aTextOf200CharactersIsKeptA201stMakesItADigestAndItsLength() {
        String exactly = "x".repeat(200);
        assertSame(exactly, AuditTexts.shorten(exactly, 200));
        String longer = "x".repeat(201);
        assertEquals("sha256:" + AuditTexts.sha256(longer) + " (201 chars)", AuditTexts.shorten(longer, 200));
        assertNull(AuditTexts.shorten(null, 200));
        assertEquals("", AuditTexts.shorten("", 200));
    }

    @Test
    void chineseTextsCountInCharactersNotBytesAndAreHashedAsUtf8() {
        String report = "本月已完成隐患整改".repeat(25); // 225 characters, 675 UTF-8 bytes
        assertEquals("sha256:" + AuditTexts.sha256(report) + " (225 chars)", AuditTexts.shorten(report, 200));
        String hundred = "整改".repeat(50); // 100 characters, 300 bytes: kept
        assertEquals(hundred, AuditTexts.shorten(hundred, 200));
    }

    @Test
    void everyTextOfTheStateIsShortenedNestedInObjectsAndArraysOtherValuesKept() throws Exception {
        String report = "r".repeat(400);
        Map<String, Object> state = AuditTrail.fields("status", "REPORTED", "percent", 80, "report", report,
                "annexes", List.of("short", report), "inner", Map.of("text", report), "nothing", null, "done", true);
        Map<?, ?> written = JSON.readValue(AuditTexts.json(JSON, state, 200), Map.class);
        String digest = "sha256:" + AuditTexts.sha256(report) + " (400 chars)";
        assertEquals("REPORTED", written.get("status"));
        assertEquals(80, written.get("percent"));
        assertEquals(digest, written.get("report"));
        assertEquals(List.of("short", digest), written.get("annexes"));
        assertEquals(Map.of("text", digest), written.get("inner"));
        assertNull(written.get("nothing"));
        assertEquals(true, written.get("done"));
        assertEquals(Arrays.asList("status", "percent", "report", "annexes", "inner", "nothing", "done"),
                List.copyOf(written.keySet()), "the order given, nulls kept");
    }

    @Test
    void nullStateIsNoJsonAndAStateJacksonCannotWriteIsAClearError() {
        assertNull(AuditTexts.json(JSON, null, 200));
        assertEquals("\"" + "sha256:" + AuditTexts.sha256("y".repeat(300)) + " (300 chars)\"",
                AuditTexts.json(JSON, "y".repeat(300), 200));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuditTexts.json(JSON, new Object(), 200));
        assertEquals("cannot write an audit entry's state as JSON", e.getMessage());
    }
}
