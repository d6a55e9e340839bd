package org.duban.supervision.evidence;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.supervision.RectificationReported;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 24, evidence files of rectification reports (整改佐证材料): uploaded by the rectification's unit, attached by its
 * report, listed by reference (never by bytes) in RectificationReported, downloaded by the office and the leaders and the
 * unit, and to another unit's officer nothing exists (404); the type read from the bytes; the per-file size limit.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class RectificationEvidenceTest {

    private static final String BOUNDARY = "----DubanRectificationEvidence4f7Q2";
    private static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");

    private final TestClock clock = new TestClock(Instant.parse("2022-03-01T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    /** A small but real PDF: the magic bytes are what counts. */
    private static byte[] pdf(String marker) {
        return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + marker + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** An ORDERED rectification of {@code unit}: a unit the replica knows, an inspection under way, a finding ordering it. */
    private String orderedRectification(UUID unit) {
        TopicProbe.publish(UnitSnapshots.active(unit, 1, "县政务服务中心"), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        String inspection = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("title", "政务公开专项督查", "kind", "REGULAR", "startsAt", clock.instant().minusSeconds(3600).toString(),
                        "unitIds", List.of(unit.toString())))
                .post("/api/inspections").then().statusCode(201).extract().path("inspectionId");
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "text", "政务公开专栏未按期更新",
                        "rectification", Map.of("requirement", "两周内更新专栏并建立台账", "dueAt", clock.instant().plus(Duration.ofDays(14)).toString())))
                .post("/api/inspections/" + inspection + "/findings").then().statusCode(201)
                .extract().path("rectifications[0].rectificationId");
    }

    /** The form a browser sends: the file name in raw UTF-8 in the part's header (RFC 7578 4.2). */
    private static byte[] form(String name, byte[] bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static ValidatableResponse upload(String token, String rectification, String name, byte[] bytes) {
        return given().auth().oauth2(token).contentType("multipart/form-data; boundary=" + BOUNDARY).body(form(name, bytes))
                .post("/api/rectifications/" + rectification + "/evidence").then().log().ifValidationFails();
    }

    private static ValidatableResponse report(String token, String rectification, List<String> fileIds) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("text", "专栏已更新，台账已建立", "evidenceFileIds", fileIds))
                .post("/api/rectifications/" + rectification + "/report").then().log().ifValidationFails();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void theUnitAttachesFilesToItsReportTheOfficeDownloadsThemAndAnotherUnitSeesNothing() throws Exception {
        UUID unit = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String rect = orderedRectification(unit);
        String marker = "rect-" + UUID.randomUUID();
        byte[] bytes = pdf(marker);

        String pdfId = upload(Tokens.officerOf(unit), rect, "C:\\材料\\整改报告.pdf", bytes).statusCode(201)
                .body("name", equalTo("整改报告.pdf")).body("contentType", equalTo("application/pdf"))
                .body("size", equalTo(bytes.length)).body("sha256", equalTo(hex("SHA-256", bytes)))
                .body("sm3", notNullValue()).body("reportedAt", equalTo(null)).extract().path("id");
        // a .pdf name with PNG bytes: accepted, as what its bytes are
        String pngId = upload(Tokens.officerOf(unit), rect, "现场照片.pdf", PNG).statusCode(201)
                .body("contentType", equalTo("image/png")).extract().path("id");
        // an executable named .pdf: refused by its content
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        System.arraycopy("This program cannot be run in DOS mode".getBytes(StandardCharsets.US_ASCII), 0, exe, 78, 38);
        upload(Tokens.officerOf(unit), rect, "整改说明.pdf", exe).statusCode(415).contentType("application/problem+json")
                .body("errors.field", contains("file")).body("detectedType", equalTo("application/x-msdownload"));
        // another unit's officer can neither upload to it nor see it
        upload(Tokens.officerOf(other), rect, "x.pdf", pdf("other")).statusCode(404);

        report(Tokens.officerOf(unit), rect, List.of(pdfId, pngId)).statusCode(200).body("status", equalTo("REPORTED"));

        // the event lists the files by reference, never their bytes
        var record = TopicProbe.await(Topics.SUPERVISION_EVENTS,
                r -> EventType.RECTIFICATION_REPORTED.type().equals(TopicProbe.header(r, "ce_type")) && r.value().contains(rect),
                Duration.ofSeconds(30));
        RectificationReported reported = EventJson.read(record.value(), RectificationReported.class);
        assertEquals(List.of(pdfId, pngId), reported.evidence().stream().map(f -> f.id().toString()).toList());
        assertEquals(new RectificationReported.EvidenceFile(UUID.fromString(pdfId), "整改报告.pdf", bytes.length, "application/pdf",
                hex("SHA-256", bytes), reported.evidence().get(0).sm3()), reported.evidence().get(0));
        assertEquals(64, reported.evidence().get(0).sm3().length());
        assertFalse(record.value().contains(marker), "the bytes are not in the record");
        assertTrue(record.value().length() < 2048, record.value());

        // the office and the leaders download it; the unit too
        byte[] downloaded = given().auth().oauth2(Tokens.supervisor()).get("/api/evidence/" + pdfId).then().statusCode(200)
                .header("Content-Disposition", containsString("filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf"))
                .header("ETag", "\"" + hex("SHA-256", bytes) + "\"").header("X-Content-Type-Options", "nosniff")
                .contentType("application/pdf").extract().asByteArray();
        assertArrayEquals(bytes, downloaded);
        given().auth().oauth2(Tokens.leader()).get("/api/evidence/" + pngId).then().statusCode(200);
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/evidence/" + pdfId + "/meta").then().statusCode(200)
                .body("rectificationId", equalTo(rect)).body("reportedAt", notNullValue());
        given().auth().oauth2(Tokens.supervisor()).get("/api/rectifications/" + rect + "/evidence").then().statusCode(200)
                .body("id", containsInAnyOrder(pdfId, pngId));
        // to another unit's officer none of it exists
        given().auth().oauth2(Tokens.officerOf(other)).get("/api/evidence/" + pdfId).then().statusCode(404);
        given().auth().oauth2(Tokens.officerOf(other)).get("/api/evidence/" + pdfId + "/meta").then().statusCode(404);
        given().auth().oauth2(Tokens.officerOf(other)).get("/api/rectifications/" + rect + "/evidence").then().statusCode(404);
        given().auth().oauth2(Tokens.officerOf(other)).delete("/api/evidence/" + pdfId).then().statusCode(404);
        // a report's evidence stays
        given().auth().oauth2(Tokens.officerOf(unit)).delete("/api/evidence/" + pdfId).then().statusCode(409)
                .body("state", equalTo("ATTACHED"));
        // the upload is in the rectification's history (and the audit trail)
        given().auth().oauth2(Tokens.supervisor()).get("/api/rectifications/" + rect + "/history").then().statusCode(200)
                .body("action", hasItem("EVIDENCE_UPLOADED"));
    }

    @Test
    void aFileOverTheLimitIs413AndAReportNamesOnlyItsOwnWaitingUploads() throws Exception {
        UUID unit = UUID.randomUUID();
        String rect = orderedRectification(unit);
        String otherRect = orderedRectification(unit);
        long limit = 10 * 1024 * 1024;
        upload(Tokens.officerOf(unit), rect, "big.pdf", Arrays.copyOf(pdf("big"), (int) limit + 1)).statusCode(413)
                .contentType("application/problem+json").body("setting", equalTo("duban.evidence.max-file-bytes"))
                .body("errors.field", contains("file"));
        // an anonymous upload is refused before its body is read, a leader may not upload
        given().multiPart("file", "x.pdf", pdf("anon"), "application/pdf").post("/api/rectifications/" + rect + "/evidence").then()
                .statusCode(401);
        upload(Tokens.leader(), rect, "x.pdf", pdf("leader")).statusCode(403);

        String elsewhere = upload(Tokens.officerOf(unit), otherRect, "另一项.pdf", pdf("elsewhere")).statusCode(201).extract().path("id");
        report(Tokens.officerOf(unit), rect, List.of(elsewhere)).statusCode(400).body("errors.field", contains("evidenceFileIds[0]"));
        String mine = upload(Tokens.officerOf(unit), rect, "台账.pdf", pdf("mine")).statusCode(201).extract().path("id");
        report(Tokens.officerOf(unit), rect, List.of(mine, mine)).statusCode(400).body("errors.field", contains("evidenceFileIds[1]"));
        // nothing was attached by the refused reports: the report without files still goes, the upload waits and is discarded
        report(Tokens.officerOf(unit), rect, List.of()).statusCode(200).body("status", equalTo("REPORTED"));
        upload(Tokens.officerOf(unit), rect, "迟到.pdf", pdf("late")).statusCode(409).body("state", equalTo("REPORTED"));
        given().auth().oauth2(Tokens.officerOf(unit)).delete("/api/evidence/" + mine).then().statusCode(200);
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/evidence/" + mine).then().statusCode(404);
    }
}
