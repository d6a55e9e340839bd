package org.duban.provincesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The packaged jar runs with {@code java -jar}, listens on loopback, and plays the province through its control API. */
class ProcessIT {

    @Test
    void theRunnableJarIssuesATaskToTheCounty() throws Exception {
        Path jar = Path.of(System.getProperty("provincesim.jar", "target/duban-province-sim-1.0.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " (run mvn verify, not test)");
        try (ProvinceSim county = ProvinceSim.start(Settings.builder().role(Settings.Role.COUNTY).build())) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--port=0", "--gateway-url=" + county.baseUrl())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertNotNull(first, "the program printed nothing");
                Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(first);
                assertTrue(m.find(), first);
                assertTrue(first.contains("USING DEMO CREDENTIALS"), first);
                URI base = URI.create(m.group(1));
                county.gatewayUrl(base);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/sim/issue/HN2021-ZWFW-06"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("（六）", county.accepted("TASK_ISSUE").get(0).payload().get("taskNumber").asText());
                assertTrue(county.send("RECEIPT", "HN2021-ZWFW-06", Map.of("signedBy", "中方县")).ok());
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
