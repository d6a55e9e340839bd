package org.duban.unit.resolve;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.SeedDocuments;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The resolver against the seed documents themselves, read from shared/seeds, with the seed list loaded at start. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class SeedResolutionTest {

    /** All connective text the seed documents use; anything else that is not a name would be a dropped fragment. */
    private static final Set<String> CONNECTIVES = Set.of("等", "相关单位", "和", "按职责分工负责", "职责分工负责", "牵头",
            "负责", "按职责牵头负责");

    static JsonPath resolve(String text, String level) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("text", text, "level", level))
                .when().post("/api/units/resolve")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every fragment resolved to exactly one unit or group, by name or alias; every other character accounted for. */
    static List<String> assertFullyResolved(String cell, String level, String where) {
        JsonPath result = resolve(cell, level);
        List<Map<String, Object>> fragments = result.getList("fragments");
        assertFalse(fragments.isEmpty(), where + ": no fragment in " + cell);
        assertEquals(0, result.getInt("unresolved"), where + ": unresolved fragments in " + cell + ": " + fragments);
        List<String> names = new ArrayList<>();
        boolean[] covered = new boolean[cell.length()];
        for (Map<String, Object> f : fragments) {
            String text = (String) f.get("text");
            Object unit = f.get("unit");
            Object group = f.get("group");
            assertTrue(unit == null ^ group == null, where + ": " + text + " must name exactly one unit or group: " + f);
            assertTrue(Set.of("EXACT", "ALIAS").contains(f.get("match")), where + ": " + text + " matched " + f.get("match"));
            assertEquals(f.get("outcome"), unit != null ? "UNIT" : "GROUP");
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) (unit != null ? unit : group);
            names.add((String) target.get("name"));
            mark(covered, f);
        }
        for (Map<String, Object> c : result.<Map<String, Object>> getList("connectives")) {
            assertTrue(CONNECTIVES.contains(c.get("text")), where + ": unexpected connective " + c.get("text") + " in " + cell);
            mark(covered, c);
        }
        for (int i = 0; i < cell.length(); i++) {
            char ch = cell.charAt(i);
            boolean separator = "、，,；;\n\t ".indexOf(ch) >= 0;
            assertTrue(covered[i] || separator, where + ": character '" + ch + "' at " + i + " of " + cell + " was dropped");
        }
        return names;
    }

    private static void mark(boolean[] covered, Map<String, Object> part) {
        int start = (Integer) part.get("start");
        int end = (Integer) part.get("end");
        for (int i = start; i < end; i++) {
            covered[i] = true;
        }
    }

    @Test
    void everyUnitNameInTheCountyNoticesLeadAndResponsibleColumnsResolvesToExactlyOneUnitOrGroup() {
        List<SeedDocuments.NoticeRow> rows = SeedDocuments.noticeRows();
        assertEquals(32 + 17, rows.size(), "tasks in annex 1 and annex 2");
        Set<String> lead = new TreeSet<>();
        Set<String> responsible = new TreeSet<>();
        for (SeedDocuments.NoticeRow row : rows) {
            String task = row.task().substring(0, Math.min(8, row.task().length()));
            lead.addAll(assertFullyResolved(row.lead(), "county", task + " 牵头单位"));
            responsible.addAll(assertFullyResolved(row.responsible(), "county", task + " 责任单位"));
        }
        assertEquals(new TreeSet<>(List.of("县政务服务中心", "县发展和改革局", "县司法局", "县商科工信局", "县市场监督管理局", "县人民政府办公室",
                "县信访局", "县优化办", "县政府督查室", "县财政局", "县卫生健康局", "公共企事业单位相应主管部门")), lead);
        assertTrue(responsible.containsAll(List.of("县直相关单位", "各乡镇人民政府", "相关公共企事业单位", "县政府“12345”县长热线办",
                "县委政法委员会", "国网中方县供电公司", "市住房公积金管理中心中方县管理部", "县人民法院")), responsible.toString());
        assertEquals(46, responsible.size(), "43 units and 3 groups are named in the 责任单位 column: " + responsible);
    }

    @Test
    void everyUnitNameInTheProvincialWorkPointsResolvesAtProvincialLevel() {
        List<SeedDocuments.ProvincialDuty> duties = SeedDocuments.provincialDuties();
        assertEquals(34 + 17, duties.size(), "tasks of the two provincial documents");
        Set<String> named = new TreeSet<>();
        for (SeedDocuments.ProvincialDuty duty : duties) {
            if (!duty.lead().isEmpty()) {
                named.addAll(assertFullyResolved(duty.lead(), "province", duty.task() + " 牵头"));
            }
            named.addAll(assertFullyResolved(duty.responsible(), "province", duty.task() + " 负责"));
        }
        assertTrue(named.containsAll(List.of("湖南省政务管理服务局", "湖南省司法厅", "湖南省发展和改革委员会", "省直相关单位",
                "各市州、县市区人民政府", "长沙、岳阳、郴州三市人民政府", "湖南自贸试验区长沙、岳阳、郴州片区管委会")), named.toString());
    }

    @Test
    void bothSpellingsOfAUnitInTheSeedResolveToTheSameUnit() {
        for (List<String> pair : List.of(List.of("县卫健局", "县卫生健康局"), List.of("县医疗保障局", "县医保局"),
                List.of("县交通运输局", "县交通局"))) {
            String first = resolve(pair.get(0), "county").getString("fragments[0].unit.id");
            String second = resolve(pair.get(1), "county").getString("fragments[0].unit.id");
            assertNotNull(first, pair.get(0));
            assertEquals(first, second, pair + " name one unit");
        }
        JsonPath alias = resolve("县卫健局", "county");
        assertEquals("ALIAS", alias.getString("fragments[0].match"));
        assertEquals("县卫生健康局", alias.getString("fragments[0].unit.name"));
        assertEquals("EXACT", resolve("县卫生健康局", "county").getString("fragments[0].match"));
    }

    @Test
    void connectiveTextIsReportedAndNamesAreSplitWhereTheDocumentsJoinThem() {
        JsonPath r = resolve("县教育局、县残联等相关单位和各乡镇人民政府按职责分工负责", "county");
        assertEquals(List.of("县教育局", "县残联", "各乡镇人民政府"), r.getList("fragments.text"));
        assertEquals(List.of("UNIT", "UNIT", "GROUP"), r.getList("fragments.outcome"));
        assertEquals(List.of("等", "相关单位", "和", "按职责分工负责"), r.getList("connectives.text"));

        r = resolve("县人社局、县住建局、县财政局、县税务局、县商科工信局等县直相关单位按职责分工负责", "county");
        assertEquals(List.of("县人社局", "县住建局", "县财政局", "县税务局", "县商科工信局", "县直相关单位"), r.getList("fragments.text"));
        assertEquals("县直相关单位", r.getString("fragments[5].group.name"));

        // 职责分工负责 without 按, and a quoted name
        assertEquals(List.of("职责分工负责"), resolve("县直相关单位职责分工负责", "county").getList("connectives.text"));
        r = resolve("县信访局、县政府“12345”县长热线办等县直相关单位按职责分工负责", "county");
        assertEquals(List.of("县信访局", "县政府“12345”县长热线办", "县直相关单位"), r.getList("fragments.text"));
        assertEquals("EXACT", r.getString("fragments[1].match"));

        // 和 inside a name is not a joiner; between two names it is
        r = resolve("县住房和城乡建设局和县人力资源和社会保障局", "county");
        assertEquals(List.of("县住房和城乡建设局", "县人力资源和社会保障局"), r.getList("fragments.text"));

        // a separator inside a group's name does not split it
        r = resolve("省直相关单位和各市州、县市区人民政府按职责分工负责", "province");
        assertEquals(List.of("省直相关单位", "各市州、县市区人民政府"), r.getList("fragments.text"));
    }

    @Test
    void aNameOfAnotherLevelIsUnresolvedWithCandidatesNeverAFuzzyMatchAcrossLevels() {
        for (String city : List.of("市人社局", "市财政局", "市政府办", "市市场监管局", "市直相关单位")) {
            JsonPath r = resolve(city, "county");
            assertEquals("UNRESOLVED", r.getString("fragments[0].outcome"), city + " is the city's, not the county's: " + r.prettify());
            assertNull(r.get("fragments[0].unit"), city);
            assertNull(r.get("fragments[0].group"), city);
            assertFalse(r.getList("fragments[0].candidates").isEmpty(), city + " keeps its closest names as candidates");
        }
        assertEquals("县人力资源和社会保障局", resolve("市人社局", "county").getString("fragments[0].candidates[0].name"));
        assertEquals("UNRESOLVED", given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("text", "市人社局")).post("/api/units/resolve").then().statusCode(200).extract().jsonPath()
                .getString("fragments[0].outcome"), "also without a level");
        // a county-level branch of a city bureau is a county unit, exactly and with a typo
        assertEquals("EXACT", resolve("市生态环境局中方分局", "county").getString("fragments[0].match"));
        JsonPath typo = resolve("市生态环镜局中方分局", "county");
        assertEquals("FUZZY", typo.getString("fragments[0].match"));
        assertEquals("市生态环境局中方分局", typo.getString("fragments[0].unit.name"));
        assertEquals("UNIT", resolve("县财政句", "county").getString("fragments[0].outcome"), "a typo at the same level still matches");
    }

    @Test
    void listsJoinedByConjunctionsAndSlashesAreSplitIntoTheirNames() {
        JsonPath r = resolve("市直有关单位和各区县人民政府", "county");
        assertEquals(List.of("市直有关单位", "各区县人民政府"), r.getList("fragments.text"));
        assertEquals(List.of("和"), r.getList("connectives.text"));
        r = resolve("县财政局会同县审计局", "county");
        assertEquals(List.of("县财政局", "县审计局"), r.getList("fragments.text"));
        assertEquals(List.of("会同"), r.getList("connectives.text"));
        r = resolve("县人社局/县医保局", "county");
        assertEquals(List.of("县人力资源和社会保障局", "县医疗保障局"), r.getList("fragments.unit.name"));
        r = resolve("县教育局以及县民政局", "county");
        assertEquals(List.of("县教育局", "县民政局"), r.getList("fragments.unit.name"));
        assertEquals(List.of("县住房和城乡建设局"), resolve("县住房和城乡建设局", "county").getList("fragments.unit.name"),
                "a 和 inside a name is not a join");
        r = resolve("会同县人民政府", "county");
        assertEquals(List.of("会同县人民政府"), r.getList("fragments.text"), "会同县 is a county, not the joiner 会同");
        assertEquals("UNRESOLVED", r.getString("fragments[0].outcome"), "and not this county's 县人民政府");
    }

    @Test
    void fullAndHalfWidthPunctuationAreTheSame() {
        JsonPath full = resolve("县人社局，县财政局；县教育局（", "county");
        assertEquals(List.of("县人社局", "县财政局", "县教育局"), full.getList("fragments.text"));
        assertEquals(0, full.getInt("unresolved"));
        assertEquals(List.of("（"), full.getList("connectives.text"));
        // quotes of any kind, or none, name the same unit
        String id = resolve("县政府“12345”县长热线办", "county").getString("fragments[0].unit.id");
        assertEquals(id, resolve("县政府\"12345\"县长热线办", "county").getString("fragments[0].unit.id"));
        assertEquals(id, resolve("县政府12345县长热线办", "county").getString("fragments[0].unit.id"));
    }

    @Test
    void aGroupWithoutMembersSaysSo() {
        JsonPath townships = resolve("各乡镇人民政府", "county");
        assertEquals("GROUP", townships.getString("fragments[0].outcome"));
        assertTrue(townships.getBoolean("fragments[0].group.empty"));
        assertEquals(0, townships.getInt("fragments[0].group.memberCount"));
        assertTrue(townships.getString("fragments[0].group.note").contains("no members yet"));

        JsonPath county = resolve("县直相关单位", "county");
        assertFalse(county.getBoolean("fragments[0].group.empty"));
        assertNull(county.get("fragments[0].group.note"));
        assertTrue(county.getList("fragments[0].group.members.name").containsAll(List.of("县财政局", "国网中方县供电公司")));
        assertFalse(county.getList("fragments[0].group.members.name").contains("中方县人民政府"), "the government is not 县直");
        assertFalse(county.getList("fragments[0].group.members.name").contains("湖南省财政厅"), "provincial units are not 县直");
    }

    @Test
    void aNearMissIsAFuzzyMatchWithItsScoreAndANameNobodyKnowsStaysUnresolvedButIsReported() {
        JsonPath typo = resolve("县财政句、完全不存在的机构", "county");
        assertEquals("FUZZY", typo.getString("fragments[0].match"));
        assertEquals("县财政局", typo.getString("fragments[0].unit.name"));
        assertEquals(0.75f, typo.getFloat("fragments[0].score"), 0.001);
        assertEquals("UNRESOLVED", typo.getString("fragments[1].outcome"));
        assertEquals("完全不存在的机构", typo.getString("fragments[1].text"));
        assertEquals(1, typo.getInt("unresolved"));
        assertEquals(1, typo.getInt("resolved"));
        // fuzzy matching stays within the requested level
        assertEquals("UNRESOLVED", resolve("县财政句", "province").getString("fragments[0].outcome"));
    }

    @Test
    void anAdminConfirmsAnUnresolvedFragmentAndTheNextResolutionUsesIt() {
        JsonPath before = resolve("县政务中心", "county");
        assertEquals("UNRESOLVED", before.getString("fragments[0].outcome"));
        assertEquals("县政务服务中心", before.getString("fragments[0].candidates[0].name"), "the closest name is offered");
        String centre = before.getString("fragments[0].candidates[0].id");

        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("text", "县政务中心", "unitId", centre))
                .when().post("/api/units/resolve/confirmations").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("text", "县政务中心", "unitId", centre))
                .when().post("/api/units/resolve/confirmations")
                .then().statusCode(201).body("as", equalTo("ALIAS")).body("resolvesNowTo.match", equalTo("ALIAS"));
        JsonPath after = resolve("县政务中心", "county");
        assertEquals("ALIAS", after.getString("fragments[0].match"));
        assertEquals(centre, after.getString("fragments[0].unit.id"));

        String county = resolve("中方县人民政府", "county").getString("fragments[0].unit.id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("text", "县数据资源局", "newUnit", Map.of("kind", "government_department", "level", "county",
                        "parentId", county)))
                .when().post("/api/units/resolve/confirmations")
                .then().statusCode(201).body("as", equalTo("UNIT")).body("resolvesNowTo.match", equalTo("EXACT"));
        JsonPath group = resolve("县数据资源局等县直相关单位", "county");
        assertEquals("EXACT", group.getString("fragments[0].match"));
        assertTrue(group.getList("fragments[1].group.members.name").contains("县数据资源局"), "a new county unit joins 县直相关单位");
    }

    @Test
    void pathologicalTextIsAnsweredPromptlyAndNothingIsDropped() {
        for (String text : List.of("和".repeat(10_000), "县和".repeat(5_000), "等".repeat(10_000), "县财政局和".repeat(80) + "县",
                "县财政局、".repeat(2_000), "局".repeat(10_000))) {
            long started = System.nanoTime();
            JsonPath r = resolve(text, "county");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 5_000, text.substring(0, 8) + "… took " + millis + " ms");
            int covered = 0;
            for (String part : List.of("fragments", "connectives")) {
                for (Map<String, Object> p : r.<Map<String, Object>> getList(part)) {
                    covered += (Integer) p.get("end") - (Integer) p.get("start");
                }
            }
            long separators = text.chars().filter(c -> c == '、').count();
            assertEquals(text.length() - separators, covered, text.substring(0, 8) + "…: every character is accounted for");
        }
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("text", "局".repeat(20_001))).when().post("/api/units/resolve")
                .then().statusCode(400).body("errors.field", hasItem("text"));
    }

    @Test
    void aRequestWithoutTextOrWithAnUnknownLevelIsAProblemNamingTheField() {
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"level\": \"county\"}")
                .when().post("/api/units/resolve")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("text"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"text\": \"县财政局\", \"level\": \"galaxy\"}")
                .when().post("/api/units/resolve")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("level"));
        given().contentType(ContentType.JSON).body("{\"text\": \"县财政局\"}").when().post("/api/units/resolve").then().statusCode(401);
    }
}
