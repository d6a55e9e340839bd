package org.duban.supervision.disclosure;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.duban.events.task.PlanPublished;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 24, public disclosure (政务公开): only what the supervision office marked public appears (JSON, CSV, Atom), with the
 * catalogue fields; a report's text only once marked; withdrawing removes it; a card never appears; the feed is Atom.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class DisclosureTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String DCTERMS = "http://purl.org/dc/terms/";
    private final TestClock clock = new TestClock(Instant.parse("2021-11-10T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static String publicJson(UUID plan) {
        return given().get("/api/public/disclosure?planId=" + plan).then().statusCode(200).extract().asString();
    }

    private static String csv(UUID plan) {
        return given().get("/api/public/disclosure.csv?planId=" + plan).then().statusCode(200)
                .contentType("text/csv").extract().asString();
    }

    private static String atom(UUID plan) {
        return given().get("/api/public/disclosure.atom?planId=" + plan).then().statusCode(200)
                .contentType("application/atom+xml").extract().asString();
    }

    /** The JDK's parser with DOCTYPEs refused (no external entities, XXE) and namespaces on. */
    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element parent, String ns, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(ns, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    @Test
    void onlyWhatWasMarkedAppearsAndWithdrawingRemovesIt() throws Exception {
        UUID plan = UUID.randomUUID();
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        Instant assigned = Instant.parse("2021-07-23T02:00:00Z");
        String unitName = "县政务服务中心" + unit.toString().substring(0, 4);
        TopicProbe.publish(UnitSnapshots.active(unit, 1, unitName), "unit-service");
        TopicProbe.publish(new PlanPublished(plan, "政务公开重点工作责任分工", "中县政务公开办发〔2021〕8号", "县政务公开办", "COUNTY", null,
                List.of(), 2, assigned), "task-service");
        TopicProbe.publish(new TaskAssigned(assignment, task, "推进政务公开标准化规范化", unit, "LEAD",
                Instant.parse("2021-12-31T15:59:59Z"), assigned, plan, null, "（五）"), "task-service");
        TopicProbe.publish(new TaskAssigned(UUID.randomUUID(), other, "不公开的任务", unit, "LEAD", null, assigned, plan, null, "（六）"),
                "task-service");
        UUID publicReport = UUID.randomUUID();
        UUID internalReport = UUID.randomUUID();
        String internal = "内部进展-" + UUID.randomUUID();
        TopicProbe.publish(new ProgressReported(publicReport, assignment, task, unit, 40, "已完成40项标准目录编制",
                Instant.parse("2021-09-30T02:00:00Z")), "task-service");
        TopicProbe.publish(new ProgressReported(internalReport, assignment, task, unit, 60, internal,
                Instant.parse("2021-10-30T02:00:00Z")), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.supervisor())
                .get("/api/disclosure/reports?taskId=" + task).then().statusCode(200).extract().jsonPath().getList("$").size() == 2);
        // a card for the unit: never public
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"unitId\": \"%s\", \"color\": \"RED\", \"reason\": \"CARD-SECRET 进展滞后\"}".formatted(unit))
                .post("/api/warnings").then().extract().statusCode() == 201);

        // nothing marked: nothing public
        given().get("/api/public/disclosure?planId=" + plan).then().statusCode(200).body("$", hasSize(0));
        // commands are the supervisor's
        given().contentType(ContentType.JSON).post("/api/disclosure/tasks/" + task + "/publish").then().statusCode(401);
        given().auth().oauth2(Tokens.leader()).contentType(ContentType.JSON).post("/api/disclosure/tasks/" + task + "/publish").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).post("/api/disclosure/reports/" + publicReport + "/publish").then()
                .statusCode(403);

        String itemId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/tasks/" + task + "/publish").then()
                .statusCode(200).body("status", equalTo("PUBLIC")).body("indexNumber", matchesPattern("DUBAN-DCS/2021-\\d{5}"))
                .extract().path("id");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/tasks/" + task + "/publish").then().statusCode(409)
                .body("state", equalTo("PUBLIC"));
        // the summary: status, percent, the unit's name; no report text until one is marked
        given().get("/api/public/disclosure?planId=" + plan).then().statusCode(200).body("$", hasSize(1))
                .body("[0].id", equalTo(itemId)).body("[0].kind", equalTo("TASK")).body("[0].publisher", equalTo("县人民政府督查室"))
                .body("[0].disclosureMethod", equalTo("主动公开")).body("[0].publishedOn", equalTo("2021-11-10"))
                .body("[0].task.percentComplete", equalTo(60)).body("[0].task.leadUnits", contains(unitName))
                .body("[0].task.statusLabel", equalTo("推进中")).body("[0].task.lastReport", nullValue());
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/reports/" + publicReport + "/publish").then()
                .statusCode(200).body("isPublic", equalTo(true));
        given().get("/api/public/disclosure/" + itemId).then().statusCode(200)
                .body("task.lastReport.text", equalTo("已完成40项标准目录编制")).body("task.lastReport.unitName", equalTo(unitName));

        for (String shown : List.of(publicJson(plan), csv(plan), atom(plan))) {
            assertTrue(shown.contains("已完成40项标准目录编制"), shown);
            assertTrue(shown.contains("推进政务公开标准化规范化"), shown);
            assertFalse(shown.contains(internal), "a report not marked public: " + shown);
            assertFalse(shown.contains("CARD-SECRET") || shown.contains("红牌") || shown.contains("RED"), "a card: " + shown);
            assertFalse(shown.contains("不公开的任务"), "a task not published: " + shown);
            assertFalse(shown.contains("supervisor"), "an officer's name: " + shown);
        }
        String indexNumber = given().get("/api/public/disclosure/" + itemId).then().extract().path("indexNumber");
        String csv = csv(plan);
        assertTrue(csv.startsWith("\uFEFF\"索引号\",\"信息名称\",\"内容概述\",\"发布机构\",\"生成日期\",\"公开日期\",\"公开方式\""), csv);
        assertTrue(csv.contains("\"" + indexNumber + "\""), csv);

        // the feed is Atom, with the catalogue fields as Dublin Core terms
        Document feed = parse(atom(plan));
        Element root = feed.getDocumentElement();
        assertEquals(ATOM, root.getNamespaceURI());
        assertEquals("feed", root.getLocalName());
        NodeList entries = root.getElementsByTagNameNS(ATOM, "entry");
        assertEquals(1, entries.getLength());
        Element entry = (Element) entries.item(0);
        assertEquals("urn:uuid:" + itemId, text(entry, ATOM, "id"));
        assertEquals(indexNumber, text(entry, DCTERMS, "identifier"));
        assertEquals("县人民政府督查室", text(entry, DCTERMS, "publisher"));
        assertEquals("2021-11-10", text(entry, DCTERMS, "issued"));
        assertEquals("主动公开", text(entry, DCTERMS, "accessRights"));
        assertTrue(text(entry, ATOM, "content").contains("已完成40项标准目录编制"));
        // a DOCTYPE is refused by that parser (what the test relies on)
        assertThrowsParse("<?xml version=\"1.0\"?><!DOCTYPE f [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><feed>&x;</feed>");

        // withdrawn: gone from every form; history names who did what
        clock.set(Instant.parse("2021-11-12T02:00:00Z"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reason\": \"内容需更新\"}")
                .post("/api/disclosure/tasks/" + task + "/withdraw").then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        given().get("/api/public/disclosure?planId=" + plan).then().statusCode(200).body("$", hasSize(0));
        given().get("/api/public/disclosure/" + itemId).then().statusCode(404);
        assertFalse(csv(plan).contains("推进政务公开标准化规范化"));
        assertEquals(0, parse(atom(plan)).getDocumentElement().getElementsByTagNameNS(ATOM, "entry").getLength());
        given().auth().oauth2(Tokens.leader()).get("/api/disclosure/" + itemId + "/history").then().statusCode(200)
                .body("action", contains("PUBLISHED", "WITHDRAWN")).body("actor", contains("supervisor", "supervisor"));
        // published again: the same 索引号
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/tasks/" + task + "/publish").then().statusCode(200)
                .body("indexNumber", equalTo(indexNumber));
    }

    @Test
    void onlyAPublishedBulletinIsDisclosedAndItsTextIsWhatThePublicReads() throws Exception {
        UUID plan = UUID.randomUUID();
        String bulletin = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"periodStart\": \"2021-07-01\", \"periodEnd\": \"2021-09-30\", \"planId\": \"%s\", \"title\": \"第三季度督查通报\"}"
                        .formatted(plan))
                .post("/api/bulletins").then().statusCode(201).extract().path("bulletinId");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/bulletins/" + bulletin + "/publish").then().statusCode(409)
                .body("state", equalTo("DRAFT"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"第三季度督查通报\", \"text\": \"全县政务公开重点工作总体推进有序。\"}").put("/api/bulletins/" + bulletin)
                .then().statusCode(200);
        given().auth().oauth2(Tokens.supervisor()).post("/api/bulletins/" + bulletin + "/publish").then().statusCode(200);
        given().get("/api/public/disclosure?planId=" + plan).then().body("$", hasSize(0));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"summary\": \"2021年第三季度督查情况通报\"}")
                .post("/api/disclosure/bulletins/" + bulletin + "/publish").then().statusCode(200);
        given().get("/api/public/disclosure?planId=" + plan).then().statusCode(200).body("$", hasSize(1))
                .body("[0].kind", equalTo("BULLETIN")).body("[0].summary", equalTo("2021年第三季度督查情况通报"))
                .body("[0].bulletin.text", equalTo("全县政务公开重点工作总体推进有序。")).body("[0].task", nullValue());
        Element entry = (Element) parse(atom(plan)).getDocumentElement().getElementsByTagNameNS(ATOM, "entry").item(0);
        assertEquals("第三季度督查通报", text(entry, ATOM, "title"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/bulletins/" + bulletin + "/withdraw").then().statusCode(200);
        given().get("/api/public/disclosure?planId=" + plan).then().body("$", hasSize(0));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).post("/api/disclosure/bulletins/" + bulletin + "/withdraw").then().statusCode(409);
    }

    private static void assertThrowsParse(String xml) {
        try {
            parse(xml);
        } catch (Exception expected) {
            return;
        }
        throw new AssertionError("a DOCTYPE was parsed");
    }
}
