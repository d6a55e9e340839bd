package org.duban.provincesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The program's settings (arguments over environment over demo defaults) and the /sim control API a person uses. */
class ControlApiTest {

    ProvinceSim province;
    ProvinceSim county;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        county = ProvinceSim.start(Settings.builder().role(Settings.Role.COUNTY).build());
        province = ProvinceSim.start(Main.settings(Map.of("port", "0", "gateway-url", county.baseUrl().toString()), Map.of()));
        county.gatewayUrl(province.baseUrl());
    }

    @AfterEach
    void stop() {
        province.close();
        county.close();
    }

    @Test
    void settingsComeFromArgumentsThenEnvironmentThenDemoDefaults() {
        Settings defaults = Main.settings(Map.of(), Map.of());
        assertEquals(8190, defaults.port());
        assertEquals("127.0.0.1", defaults.bindAddress());
        assertEquals(URI.create("http://localhost:8085"), defaults.peerUrl());
        assertEquals(Settings.DEMO_PROVINCE_APP_KEY, defaults.provinceAppKey());
        assertEquals(Settings.DEMO_PROVINCE_SECRET, defaults.provinceSecret());
        assertEquals(Settings.DEMO_COUNTY_SECRET, defaults.countySecret());
        assertEquals(SignMethod.HMAC_SM3, defaults.signMethod());
        assertTrue(defaults.controlApi());

        GuoMi.Sm2KeyPair pair = GuoMi.generateSm2KeyPair();
        Settings s = Main.settings(Map.of("port", "9000"), Map.of("PROVINCE_SIM_PORT", "9100", "PROVINCE_SIM_SECRET", "s3cret",
                "PROVINCE_SIM_SM2_PRIVATE_KEY", pair.privateKey(), "PROVINCE_SIM_SIGN_METHOD", "SM3withSM2",
                "PROVINCE_SIM_COUNTY_SM2_PUBLIC_KEY", pair.publicKey(), "PROVINCE_SIM_GATEWAY_URL", "http://gw:1"));
        assertEquals(9000, s.port(), "the argument wins");
        assertEquals("s3cret", s.provinceSecret());
        assertEquals(pair.publicKey(), s.provinceSm2PublicKey(), "derived from the private key");
        assertEquals(pair.publicKey(), s.countySm2PublicKey());
        assertEquals(SignMethod.SM3_WITH_SM2, s.signMethod());
        assertEquals(URI.create("http://gw:1"), s.peerUrl());
        assertEquals("127.0.0.1", province.baseUrl().getHost(), "loopback only");
    }

    @Test
    void aPersonPlaysTheProvinceWithCurl() throws Exception {
        JsonNode issued = post("/sim/issue-seed");
        assertEquals(51, issued.get("sent").asInt());
        assertEquals(51, issued.get("ok").asInt());
        assertEquals(51, county.accepted("TASK_ISSUE").size());
        assertEquals(0, post("/sim/issue/HN2021-ZWGK-03").get("code").asInt());
        assertEquals(0, post("/sim/urge/HN2021-ZWFW-06?reason=%E8%AF%B7%E5%8A%A0%E5%BF%AB&replyBy=20210930180000").get("code").asInt());
        assertEquals(0, post("/sim/supervise/HN2021-ZWFW-06?level=RED&reason=%E6%BB%9E%E5%90%8E").get("code").asInt());
        assertEquals(0, post("/sim/review/HN2021-ZWFW-06?result=REJECTED&remarks=%E8%A1%A5%E5%85%85%E6%9D%90%E6%96%99").get("code").asInt());
        assertEquals(0, post("/sim/extension/HN2021-ZWFW-06?requestMsgId=CNTY-1&approved=true&deadline=2022-03-31").get("code").asInt());
        assertEquals(0, post("/sim/revoke/HN2021-ZWFW-10?reason=x").get("code").asInt());
        List<Received> got = county.accepted();
        assertEquals(List.of("URGE", "SUPERVISE", "REVIEW_RESULT", "EXTENSION_DECISION", "TASK_REVOKE"),
                got.subList(52, got.size()).stream().map(Received::msgType).toList());
        assertEquals("请加快", got.get(52).payload().get("reason").asText());
        assertEquals("20210930180000", got.get(52).payload().get("replyBy").asText());
        assertEquals("RED", got.get(53).payload().get("level").asText());

        county.send("PROGRESS", "HN2021-ZWFW-06", Map.of("period", "2021-09", "percent", 40));
        assertEquals("REFUSE", post("/sim/mode/refuse").get("mode").asText());
        assertEquals(503, county.send("RECEIPT", "HN2021-ZWFW-06", Map.of()).status());
        post("/sim/mode/NORMAL");
        JsonNode received = get("/sim/received");
        assertEquals(1, received.size());
        assertEquals("PROGRESS", received.get(0).get("msgType").asText());
        assertEquals("ACCEPTED", received.get(0).get("outcome").asText());
        assertTrue(received.get(0).get("signatureVerified").asBoolean());
        assertEquals(40, received.get(0).get("payload").get("percent").asInt());
        JsonNode all = get("/sim/received?all=true");
        assertEquals(2, all.size());
        assertEquals("FAULT_REFUSED", all.get(1).get("outcome").asText());
        assertEquals(51 + 1 + 5, get("/sim/sent").size());
        assertEquals(51, get("/sim/tasks").size());

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(province.baseUrl() + "/sim/issue/NOPE"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("no seed task NOPE"));
    }

    private JsonNode post(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(province.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return ProvinceSim.JSON.readTree(r.body());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(province.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return ProvinceSim.JSON.readTree(r.body());
    }
}
