package org.duban.unit.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Search, paging, the tree, groups, and the bad input the issue lists — against the seeded registry. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class UnitQueriesAndBadInputTest {

    static String idOf(String name) {
        return given().auth().oauth2(Tokens.leader()).queryParam("q", name).when().get("/api/units")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>> getList("items").stream()
                .filter(u -> name.equals(u.get("name"))).map(u -> (String) u.get("id")).findFirst().orElseThrow();
    }

    @Test
    void searchFindsUnitsByAnyPartOfANameOrAliasAndByKindAndLevel() {
        given().auth().oauth2(Tokens.leader()).queryParam("q", "县卫健").when().get("/api/units")
                .then().statusCode(200).body("items.name", contains("县卫生健康局")).body("items[0].aliases", contains("县卫健局"));
        given().auth().oauth2(Tokens.leader()).queryParam("q", "县医保局").when().get("/api/units")
                .then().statusCode(200).body("items.name", contains("县医疗保障局"));
        given().auth().oauth2(Tokens.leader()).queryParam("kind", "COURT").when().get("/api/units")
                .then().statusCode(200).body("items.name", hasItem("县人民法院")).body("items.kind", not(hasItem("PARTY_BODY")));
        given().auth().oauth2(Tokens.leader()).queryParam("kind", "PUBLIC_ENTERPRISE").queryParam("level", "COUNTY")
                .when().get("/api/units")
                .then().statusCode(200).body("items.name", hasItems("中国邮政中方分公司", "县自来水公司", "国网中方县供电公司"));
        // full-width query text is folded like names are
        given().auth().oauth2(Tokens.leader()).queryParam("q", "１２３４５").when().get("/api/units")
                .then().statusCode(200).body("items.name", contains("县政府“12345”县长热线办"));
    }

    @Test
    void listsArePagedInNameOrderWithATotal() {
        JsonPath first = given().auth().oauth2(Tokens.leader()).queryParam("level", "PROVINCE").queryParam("size", 5)
                .when().get("/api/units").then().statusCode(200).extract().jsonPath();
        long total = first.getLong("total");
        assertTrue(total >= 12, "湖南省人民政府 and the 11 provincial departments of the seed");
        List<String> all = new ArrayList<>();
        for (int page = 0; page * 5 < total; page++) {
            JsonPath p = given().auth().oauth2(Tokens.leader()).queryParam("level", "PROVINCE").queryParam("size", 5)
                    .queryParam("page", page).when().get("/api/units").then().statusCode(200).extract().jsonPath();
            assertEquals(page, p.getInt("page"));
            all.addAll(p.getList("items.name"));
        }
        assertEquals(total, all.size());
        assertEquals(all.size(), new HashSet<>(all).size(), "no unit on two pages");
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all);
        given().auth().oauth2(Tokens.leader()).queryParam("size", 501).when().get("/api/units")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theTreeUnderAUnitNestsItsChildren() {
        String county = idOf("中方县人民政府");
        JsonPath tree = given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + county + "/tree")
                .then().statusCode(200).body("name", equalTo("中方县人民政府")).extract().jsonPath();
        List<String> children = tree.getList("children.name");
        assertTrue(children.containsAll(List.of("县人民政府办公室", "县财政局", "县人民法院", "国网中方县供电公司")), children.toString());
        int office = children.indexOf("县人民政府办公室");
        assertEquals(List.of("县政府“12345”县长热线办", "县政府督查室"), tree.getList("children[" + office + "].children.name"));
        given().auth().oauth2(Tokens.leader()).queryParam("depth", 0).when().get("/api/units/" + county + "/tree")
                .then().statusCode(200).body("children", empty());
        String province = idOf("湖南省人民政府");
        given().auth().oauth2(Tokens.leader()).queryParam("depth", 2).when().get("/api/units/" + province + "/tree")
                .then().statusCode(200).body("children.name", hasItem("怀化市人民政府"))
                .body("children.find { it.name == '怀化市人民政府' }.children.name", hasItem("中方县人民政府"));
    }

    @Test
    void duplicateNamesAreConflictsEvenWrittenWithOtherPunctuationOrWidth() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县财政局", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units")
                .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("name"))
                .body("detail", org.hamcrest.Matchers.containsString("县财政局"));
        // mixed full/half-width brackets are folded: stored consistently, and the same name written otherwise is taken
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县政务服务中心（测试窗口)", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(201).body("name", equalTo("县政务服务中心(测试窗口)"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县政务服务中心(测试窗口）", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(409).body("field", equalTo("name"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县政务服务中心 〔测试窗口〕", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(409).body("field", equalTo("name"));
        // a group's name is taken too, and an alias already held by another unit
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县直相关单位", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("group"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县卫生监督所", "aliases", List.of("县卫健局"), "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(409).body("field", equalTo("aliases[0]"));
    }

    @Test
    void emptyAndOverlongNamesAreProblemsNamingTheField() {
        for (String name : List.of("", "   ", "“”")) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", name, "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                    .when().post("/api/units")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("name"));
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "局".repeat(10_000), "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("name"))
                .body("detail", org.hamcrest.Matchers.containsString("10000 characters"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县某某局", "aliases", List.of(" "), "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(400).body("errors.field", hasItem("aliases[0]"));
        given().auth().oauth2(Tokens.leader()).queryParam("q", "县某某局").when().get("/api/units")
                .then().body("total", equalTo(0));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县某某局", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY",
                        "parentId", "00000000-0000-0000-0000-000000000000"))
                .when().post("/api/units").then().statusCode(400).body("errors.field", hasItem("parentId"));
    }

    @Test
    void aGroupByRuleFillsAsUnitsAreRegisteredAndSaysSoWhileEmpty() {
        String town = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "铜湾镇人民政府", "kind", "TOWNSHIP_GOVERNMENT", "level", "TOWNSHIP"))
                .when().post("/api/units").then().statusCode(201).extract().path("id");
        String group = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "铜湾镇各村（社区）", "aliases", List.of("铜湾镇各村"), "level", "TOWNSHIP",
                        "rule", Map.of("kinds", List.of("VILLAGE_OR_COMMUNITY"), "levels", List.of("VILLAGE"), "underUnitId", town)))
                .when().post("/api/unit-groups")
                .then().statusCode(201).body("empty", equalTo(true)).body("memberCount", equalTo(0))
                .body("note", org.hamcrest.Matchers.containsString("no members yet")).extract().path("id");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "铜湾村", "kind", "VILLAGE_OR_COMMUNITY", "level", "VILLAGE", "parentId", town))
                .when().post("/api/units").then().statusCode(201);
        given().auth().oauth2(Tokens.leader()).when().get("/api/unit-groups/" + group)
                .then().statusCode(200).body("empty", equalTo(false)).body("members.name", contains("铜湾村"));
        given().auth().oauth2(Tokens.leader()).when().get("/api/unit-groups")
                .then().statusCode(200).body("name", hasItems("县直相关单位", "各乡镇人民政府", "省直相关单位", "铜湾镇各村(社区)"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/api/unit-groups").then().statusCode(403);
    }
}
