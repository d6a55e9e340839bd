package org.duban.task.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An oversize upload is refused early, with a real HTTP client (the JDK's): a chunked body of 200 MB (no length
 * declared) and a declared length of 200 MB are each answered 413 problem+json within 2 s, having read at most the
 * limit and a little in flight — not buffered to 100 MB, not drained. (Same test resources as {@link PlanImportTest}:
 * one application for both.)
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_import"))
@WithTestResource(ResolveFixtureServer.class)
class UploadLimitTest {

    static final long HUGE = 200L * 1024 * 1024;
    static final int LIMIT = 5 * 1024 * 1024;

    @TestHTTPResource("/api/plans/import")
    URI importUri;

    /** 200 MB of 'a', produced on demand; counts what the client managed to hand to the connection. */
    static final class Endless extends InputStream {
        final AtomicLong produced = new AtomicLong();

        @Override
        public int read() {
            return produced.incrementAndGet() > HUGE ? -1 : 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = HUGE - produced.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'a');
            produced.addAndGet(n);
            return n;
        }
    }

    static void assertTooLarge(HttpResponse<String> answer) {
        assertEquals(413, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        JsonPath problem = JsonPath.from(answer.body());
        assertEquals(LIMIT, problem.getInt("limit"));
        assertEquals("duban.importer.max-document-bytes", problem.getString("setting"));
    }

    HttpRequest.Builder request() {
        return HttpRequest.newBuilder(importUri).version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + Tokens.supervisor()).header("Content-Type", "text/plain");
    }

    @Test
    void aChunkedOversizeBodyIsRefusedFastWithoutBeingBuffered() throws Exception {
        Endless body = new Endless();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpResponse<String> answer = client.send(request().POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTooLarge(answer);
        assertTrue(millis < 2000, "answered after " + millis + " ms");
        assertTrue(body.produced.get() < 40L * 1024 * 1024, "the client sent " + body.produced.get() + " bytes");
    }

    @Test
    void aDeclaredLengthOver5MiBIsRefusedBeforeTheBodyIsRead() throws Exception {
        Endless body = new Endless();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        HttpResponse<String> answer;
        try {
            answer = client.send(request()
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), HUGE)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer after " + body.produced.get() + " bytes sent", e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTooLarge(answer);
        assertTrue(millis < 2000, "answered after " + millis + " ms");
        assertTrue(body.produced.get() < 40L * 1024 * 1024, "the client sent " + body.produced.get() + " bytes");
    }

    @Test
    void aDeclaredLengthOver5MiBWithoutATokenIsAnsweredBeforeAByteOfTheBodyIsSent() throws IOException {
        // HTTP/1.1 by hand: the headers declare 200 MB, no body follows; the answer must come anyway, and the server close
        try (java.net.Socket socket = new java.net.Socket(importUri.getHost(), importUri.getPort())) {
            socket.setSoTimeout(2000);
            long start = System.nanoTime();
            socket.getOutputStream().write(("POST " + importUri.getPath() + " HTTP/1.1\r\nHost: " + importUri.getHost() + ":"
                    + importUri.getPort() + "\r\nContent-Type: text/plain\r\nContent-Length: " + HUGE + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"setting\":\"duban.importer.max-document-bytes\""), answer);
            assertTrue(millis < 2000, "answered and closed after " + millis + " ms");
        }
    }

    @Test
    void jsonEndpointsTakeAtMost1MiBWhileAnUploadMayHaveMore() {
        String big = "{\"title\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        io.restassured.RestAssured.given().auth().oauth2(Tokens.supervisor()).contentType("application/json")
                .header("Expect", "100-continue").body(big).when().post("/api/tasks").then().statusCode(413);
        // 2 MiB of text to the import: read (and refused as no responsibility table), not refused by size
        io.restassured.RestAssured.given().auth().oauth2(Tokens.supervisor()).contentType("text/plain")
                .body("x".repeat(2 * 1024 * 1024)).when().post("/api/plans/import").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
