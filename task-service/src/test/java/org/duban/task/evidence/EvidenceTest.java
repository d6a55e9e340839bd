package org.duban.task.evidence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.duban.platform.evidence.EvidenceTypes;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TopicProbe;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 24, evidence files (佐证材料): uploaded by the unit, attached by a report, listed by reference in ProgressReported,
 * downloaded by those who may read the report and by nobody else; the type read from the bytes; the size limits.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class EvidenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    /** A small but real PDF: the magic bytes are what counts. */
    private static byte[] pdf(String marker) {
        return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + marker + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String newTask(UUID lead, UUID co) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"推进政务公开标准化\", \"dueAt\": \"2031-12-31\", \"assignments\": [{\"unitId\": \"%s\", \"role\": \"LEAD\"},"
                        .formatted(lead) + " {\"unitId\": \"%s\", \"role\": \"CO_RESPONSIBLE\"}]}".formatted(co))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    /** The form a browser sends: the file name in raw UTF-8 in the part's header (RFC 7578 4.2). */
    private static byte[] form(String name, byte[] bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static final String BOUNDARY = "----DubanEvidenceBoundary7MA4YWxkTrZu0gW";

    private static ValidatableResponse upload(String token, String assignment, String name, byte[] bytes) {
        return given().auth().oauth2(token).contentType("multipart/form-data; boundary=" + BOUNDARY).body(form(name, bytes))
                .post("/api/assignments/" + assignment + "/evidence").then().log().ifValidationFails();
    }

    private static ValidatableResponse report(String token, String assignment, List<String> fileIds) {
        String ids = String.join(",", fileIds.stream().map(id -> "\"" + id + "\"").toList());
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"percentComplete\": 60, \"narrative\": \"已完成60%%\", \"evidenceFileIds\": [%s]}".formatted(ids))
                .post("/api/assignments/" + assignment + "/reports").then();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void aReportsFileIsDownloadedByTheSupervisorAndTheLeadAndNotByAnotherUnit() throws Exception {
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String task = newTask(lead, co);
        String a = assignmentOf(co, task);
        byte[] bytes = pdf("report-" + UUID.randomUUID());

        String id = upload(Tokens.officerOf(co), a, "C:\\材料\\整改报告.pdf", bytes).statusCode(201)
                .body("name", equalTo("整改报告.pdf")).body("contentType", equalTo("application/pdf"))
                .body("size", equalTo(bytes.length)).body("sha256", equalTo(hex("SHA-256", bytes)))
                .body("reportId", equalTo(null)).extract().path("id");
        // SM3 of the bytes, through BouncyCastle's JCA provider (the service uses its lightweight digest)
        var sm3 = MessageDigest.getInstance("SM3", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        String sm3Hex = HexFormat.of().formatHex(sm3.digest(bytes));
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/evidence/" + id + "/meta").then().statusCode(200)
                .body("sm3", equalTo(sm3Hex));
        // another unit's officer can neither upload to the assignment nor see the waiting upload
        upload(Tokens.officerOf(other), a, "x.pdf", bytes).statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.officerOf(other)).get("/api/evidence/" + id).then().statusCode(404)
                .contentType("application/problem+json");

        String reportId = report(Tokens.officerOf(co), a, List.of(id)).statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a + "/evidence").then().statusCode(200)
                .body("id", contains(id)).body("[0].reportId", equalTo(reportId));
        // a file belongs to one report
        report(Tokens.officerOf(co), a, List.of(id)).statusCode(400).body("errors.field", contains("evidenceFileIds[0]"));

        for (String reader : List.of(Tokens.supervisor(), Tokens.leader(), Tokens.officerOf(lead), Tokens.officerOf(co))) {
            var response = given().auth().oauth2(reader).get("/api/evidence/" + id).then().statusCode(200)
                    .contentType("application/pdf").header("Content-Disposition", containsString("filename*=UTF-8''%E6%95%B4"))
                    .header("X-Content-Type-Options", "nosniff").extract();
            assertArrayEquals(bytes, response.asByteArray());
        }
        var refused = given().auth().oauth2(Tokens.officerOf(other)).get("/api/evidence/" + id).then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        assertFalse(refused.contains(reportId) || refused.contains("整改报告"), refused);
        given().auth().oauth2(Tokens.officerOf(other)).get("/api/evidence/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/evidence/" + id).then().statusCode(401);

        // ProgressReported lists the file by reference: id, name, size, hashes; never the bytes
        var record = TopicProbe.await("duban.task.events",
                r -> r.value().contains(reportId) && "duban.task.progress-reported.v1".equals(TopicProbe.header(r, "ce_type")),
                Duration.ofSeconds(30));
        JsonNode event = JSON.readTree(record.value());
        JsonNode file = event.get("evidenceFiles").get(0);
        assertEquals(id, file.get("id").asText());
        assertEquals("整改报告.pdf", file.get("name").asText());
        assertEquals(bytes.length, file.get("size").asLong());
        assertEquals(hex("SHA-256", bytes), file.get("sha256").asText());
        assertEquals(sm3Hex, file.get("sm3").asText());
        assertFalse(record.value().contains("%PDF") || record.value().contains("report-"), record.value());
        assertTrue(record.value().length() < 2000, record.value());
    }

    @Test
    void theTypeIsReadFromTheBytesNotTheName() throws Exception {
        UUID unit = UUID.randomUUID();
        String a = assignmentOf(unit, newTask(unit, UUID.randomUUID()));
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        System.arraycopy("This program cannot be run in DOS mode".getBytes(StandardCharsets.US_ASCII), 0, exe, 78, 38);
        upload(Tokens.officerOf(unit), a, "进展报告.pdf", exe).statusCode(415).contentType("application/problem+json")
                .body("errors.field", contains("file")).body("detectedType", equalTo("application/x-msdownload"));
        // a zip that only says it is a Word document
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("not a document".getBytes(StandardCharsets.UTF_8));
        }
        upload(Tokens.officerOf(unit), a, "台账.docx", zip.toByteArray()).statusCode(415).body("errors.field", contains("file"));
        // a real Word document and a PNG pass
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText("整改台账");
            doc.write(docx);
        }
        upload(Tokens.officerOf(unit), a, "台账.docx", docx.toByteArray()).statusCode(201)
                .body("contentType", equalTo(EvidenceTypes.DOCX));
        byte[] png = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");
        upload(Tokens.officerOf(unit), a, "现场照片", png).statusCode(201).body("contentType", equalTo("image/png"));
        // not multipart at all
        given().auth().oauth2(Tokens.officerOf(unit)).contentType("application/pdf").body(pdf("raw"))
                .post("/api/assignments/" + a + "/evidence").then().statusCode(415).body("errors.field", contains("file"));
    }

    @Test
    void filesAndReportsOverTheLimitsAre413() throws Exception {
        UUID unit = UUID.randomUUID();
        String a = assignmentOf(unit, newTask(unit, UUID.randomUUID()));
        long limit = 10 * 1024 * 1024;
        byte[] justOver = Arrays.copyOf(pdf("big"), (int) limit + 1);
        upload(Tokens.officerOf(unit), a, "big.pdf", justOver).statusCode(413).contentType("application/problem+json")
                .body("setting", equalTo("duban.evidence.max-file-bytes")).body("errors.field", contains("file"));
        // declared far over the limit: answered at once, while the client is still sending
        byte[] far = form("bigger.pdf", Arrays.copyOf(pdf("bigger"), 12 * 1024 * 1024));
        HttpResponse<String> refused = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(base.toURI().resolve("/api/assignments/" + a + "/evidence"))
                        .timeout(java.time.Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + Tokens.officerOf(unit))
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(far)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"setting\":\"duban.evidence.max-file-bytes\""), refused.body());
        // an anonymous upload is refused before its body is read
        given().multiPart("file", "x.pdf", pdf("anon"), "application/pdf").post("/api/assignments/" + a + "/evidence").then()
                .statusCode(401);

        // eleven files on one report: more than max-report-files
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            ids.add(upload(Tokens.officerOf(unit), a, "f" + i + ".pdf", pdf("f" + i)).statusCode(201).extract().path("id"));
        }
        report(Tokens.officerOf(unit), a, ids).statusCode(413).contentType("application/problem+json")
                .body("setting", equalTo("duban.evidence.max-report-files")).body("errors.field", contains("evidenceFileIds"));
        // nothing was attached: ten of them go with the report; the eleventh is discarded by its unit
        report(Tokens.officerOf(unit), a, ids.subList(0, 10)).statusCode(201);
        given().auth().oauth2(Tokens.officerOf(unit)).delete("/api/evidence/" + ids.get(0)).then().statusCode(409);
        given().auth().oauth2(Tokens.officerOf(unit)).delete("/api/evidence/" + ids.get(10)).then().statusCode(200);
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/evidence/" + ids.get(10)).then().statusCode(404);

        // four files of 8 MiB: each within its limit, together over max-report-bytes (30 MiB)
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            big.add(upload(Tokens.officerOf(unit), a, "b" + i + ".pdf", Arrays.copyOf(pdf("b" + i), 8 * 1024 * 1024))
                    .statusCode(201).extract().path("id"));
        }
        report(Tokens.officerOf(unit), a, big).statusCode(413).body("setting", equalTo("duban.evidence.max-report-bytes"));
        report(Tokens.officerOf(unit), a, big.subList(0, 3)).statusCode(201);
    }
}
