package org.duban.unit.registry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.unit.Contact;
import org.duban.events.unit.UnitContactsChanged;
import org.duban.events.unit.UnitDeactivated;
import org.duban.events.unit.UnitMerged;
import org.duban.events.unit.UnitRenamed;
import org.duban.events.unit.UnitSnapshot;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Rename, merge, dissolve and contact changes: the state over REST, the lifecycle events on
 * duban.unit.events and a snapshot per change on the compacted duban.unit.snapshots, read from the real broker.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class UnitLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static String register(String name, String parentId) {
        String body = parentId == null
                ? "{\"name\": \"" + name + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", \"level\": \"COUNTY\"}"
                : "{\"name\": \"" + name + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", \"level\": \"COUNTY\", \"parentId\": \"" + parentId + "\"}";
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/units").then().statusCode(201).extract().path("id");
    }

    static UnitSnapshot snapshot(String unitId, long version) {
        ConsumerRecord<String, String> record = TopicProbe.await(Topics.UNIT_SNAPSHOTS,
                r -> unitId.equals(r.key()) && EventJson.read(r.value(), UnitSnapshot.class).version() == version, WAIT);
        assertEquals("duban.unit.snapshot.v1", TopicProbe.header(record, "ce_type"));
        return EventJson.read(record.value(), UnitSnapshot.class);
    }

    static ConsumerRecord<String, String> event(String unitId, String type) {
        return TopicProbe.await(Topics.UNIT_EVENTS, r -> unitId.equals(r.key()) && type.equals(TopicProbe.header(r, "ce_type")), WAIT);
    }

    @Test
    void aRenameKeepsTheOldNameAsAnAliasAndIsAnnouncedWithANewSnapshot() {
        String id = register("县经济和信息化局", null);
        assertEquals(1, snapshot(id, 1).version());

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "县工业和信息化局"))
                .when().post("/api/units/" + id + "/rename")
                .then().statusCode(200).body("name", equalTo("县工业和信息化局")).body("aliases", contains("县经济和信息化局"))
                .body("version", equalTo(2));

        UnitRenamed renamed = EventJson.read(event(id, "duban.unit.renamed.v1").value(), UnitRenamed.class);
        assertEquals("县经济和信息化局", renamed.oldName());
        assertEquals("县工业和信息化局", renamed.newName());
        UnitSnapshot after = snapshot(id, 2);
        assertEquals("县工业和信息化局", after.name());
        assertEquals(List.of("县经济和信息化局"), after.aliases());
        assertEquals("ACTIVE", after.status());

        // documents that still use the old name find the unit
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("text", "县经济和信息化局"))
                .when().post("/api/units/resolve")
                .then().statusCode(200).body("fragments[0].unit.id", equalTo(id)).body("fragments[0].match", equalTo("ALIAS"));
    }

    @Test
    void aMergeMarksTheAbsorbedUnitMovesItsNamesAndChildrenToTheSurvivorAndAnnouncesUnitMerged() {
        String survivor = register("县商务和粮食局", null);
        String absorbed = register("县商务局", null);
        String child = register("县电子商务服务站", absorbed);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("survivorId", survivor))
                .when().post("/api/units/" + absorbed + "/merge")
                .then().statusCode(200).body("status", equalTo("MERGED")).body("mergedIntoId", equalTo(survivor));

        UnitMerged merged = EventJson.read(event(absorbed, "duban.unit.merged.v1").value(), UnitMerged.class);
        assertEquals(UUID.fromString(survivor), merged.survivorId());
        assertEquals("县商务局", merged.name());
        assertEquals("县商务和粮食局", merged.survivorName());

        UnitSnapshot gone = snapshot(absorbed, 2);
        assertEquals("MERGED", gone.status());
        assertEquals(UUID.fromString(survivor), gone.mergedIntoId());
        UnitSnapshot kept = snapshot(survivor, 2);
        assertEquals(List.of("县商务局"), kept.aliases(), "the survivor answers to the absorbed unit's name");
        assertEquals(UUID.fromString(survivor), snapshot(child, 2).parentId(), "children move to the survivor");

        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + absorbed + "/history")
                .then().statusCode(200).body("status", contains("ACTIVE", "MERGED"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("text", "县商务局"))
                .when().post("/api/units/resolve").then().statusCode(200).body("fragments[0].unit.id", equalTo(survivor));

        // merging into a unit that was merged away is refused: the survivor must be active
        String late = register("县粮食局", null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("survivorId", absorbed))
                .when().post("/api/units/" + late + "/merge")
                .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("survivorId"));
    }

    @Test
    void dissolvingAnnouncesUnitDeactivatedAndNothingMergesIntoADissolvedUnit() {
        String dissolved = register("县临时指挥部", null);
        String other = register("县临时协调办", null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("reason", "任务完成，撤销"))
                .when().post("/api/units/" + dissolved + "/deactivate")
                .then().statusCode(200).body("status", equalTo("DISSOLVED"));
        UnitDeactivated deactivated = EventJson.read(event(dissolved, "duban.unit.deactivated.v1").value(), UnitDeactivated.class);
        assertEquals("任务完成，撤销", deactivated.reason());
        assertEquals("DISSOLVED", snapshot(dissolved, 2).status());

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("survivorId", dissolved))
                .when().post("/api/units/" + other + "/merge")
                .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("survivorId"))
                .body("detail", org.hamcrest.Matchers.containsString("dissolved"));
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + other)
                .then().statusCode(200).body("status", equalTo("ACTIVE")).body("version", equalTo(1));
        // a dissolved unit is not dissolved twice
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/units/" + dissolved + "/deactivate").then().statusCode(409);
    }

    @Test
    void aUnitCannotBecomeItsOwnAncestor() {
        String top = register("县乡村振兴局", null);
        String middle = register("县乡村振兴服务中心", top);
        String bottom = register("县乡村振兴服务站", middle);
        for (String newParent : List.of(top, bottom)) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY", "parentId", newParent))
                    .when().put("/api/units/" + top)
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("parentId"));
        }
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + top).then().body("parentId", nullValue())
                .body("version", equalTo(1));
    }

    @Test
    void aMergeThatWouldMakeASupervisionCycleIsRefusedAndChangesNothing() {
        String a = register("县督导甲办", null);
        String b = register("县督导乙办", null);
        String c = register("县督导丙办", null);
        for (String[] pair : new String[][] { { b, c }, { c, a } }) { // b reports to c, c reports to a
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY", "supervisorId", pair[1]))
                    .when().put("/api/units/" + pair[0]).then().statusCode(200).body("supervisorId", equalTo(pair[1]));
        }
        // c reporting to b would close b → c → b
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("survivorId", b))
                .when().post("/api/units/" + a + "/merge")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("supervision cycle"));
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + a).then().body("status", equalTo("ACTIVE"));
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + c).then().body("supervisorId", equalTo(a));
        // and setting it directly is refused too
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY", "supervisorId", b))
                .when().put("/api/units/" + a).then().statusCode(400).body("errors.field", hasItem("supervisorId"));
    }

    @Test
    void contactsChangesAreAnnouncedAndOnlyTheUnitsOwnOfficerSeesThem() {
        String id = register("县行政审批服务局", null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"contacts": [{"name": "张三", "role": "HEAD", "phone": "0745-1234567", "email": "zhang@example.cn"},
                                      {"name": "李四", "role": "DUTY_CONTACT", "phone": "13800000000"}],
                         "webhookUrl": "https://203.0.113.5/hooks/duban"}""")
                .when().put("/api/units/" + id + "/contacts")
                .then().statusCode(200).body("contacts.name", contains("张三", "李四"));

        UnitContactsChanged changed = EventJson.read(event(id, "duban.unit.contacts-changed.v1").value(), UnitContactsChanged.class);
        assertEquals(List.of(new Contact("张三", "HEAD", "0745-1234567", "zhang@example.cn"),
                new Contact("李四", "DUTY_CONTACT", "13800000000", null)), changed.contacts());
        assertEquals("https://203.0.113.5/hooks/duban", snapshot(id, 2).webhookUrl());

        given().auth().oauth2(Tokens.officerOf(UUID.fromString(id))).when().get("/api/units/" + id)
                .then().statusCode(200).body("contacts.name", contains("张三", "李四"));
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).when().get("/api/units/" + id)
                .then().statusCode(200).body("contacts", nullValue()).body("webhookUrl", nullValue());

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"contacts": [{"name": "王五", "role": "HEAD", "email": "not-an-address"}]}""")
                .when().put("/api/units/" + id + "/contacts")
                .then().statusCode(400).body("errors.field", hasItem("contacts[0].email"));
    }

    @Test
    void theSnapshotTopicIsCompacted() {
        Properties props = new Properties();
        props.put("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.UNIT_SNAPSHOTS);
            await().atMost(WAIT).untilAsserted(() -> assertEquals("compact",
                    admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic).get("cleanup.policy").value()));
        }
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("compacted topic " + Topics.UNIT_SNAPSHOTS));
    }

    @Test
    void changesNeedAnAdmin() {
        String id = register("县机要保密局", null);
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("name", "县保密局"))
                .when().post("/api/units/" + id + "/rename").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(UUID.fromString(id))).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .when().post("/api/units/" + id + "/deactivate").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("name", "县保密局"))
                .when().post("/api/units/" + id + "/rename").then().statusCode(401);
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + id).then().body("name", equalTo("县机要保密局"));
    }
}
