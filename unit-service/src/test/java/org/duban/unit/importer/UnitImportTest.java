package org.duban.unit.importer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Bulk import round trips: a file with good and bad rows in, the per-row report and the registry out. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class UnitImportTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static JsonPath importFile(String contentType, byte[] body, int status, boolean atomic) {
        return given().auth().oauth2(Tokens.admin()).contentType(contentType).queryParam("atomic", atomic).body(body)
                .when().post("/api/units/import").then().statusCode(status).extract().jsonPath();
    }

    static Map<String, Object> unit(String name) {
        List<Map<String, Object>> found = given().auth().oauth2(Tokens.leader()).queryParam("q", name).when().get("/api/units")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return found.stream().filter(u -> name.equals(u.get("name"))).findFirst().orElse(null);
    }

    @Test
    void aCsvFileWithBadRowsCreatesAndUpdatesTheGoodOnesAndSaysWhyTheOthersWereRejected() {
        String csv = """
                name,aliases,kind,level,parent,supervisor
                县数字经济服务站,,government_department,县,县数字经济发展中心,县发改局
                县数字经济发展中心,县数字中心|县数经中心,GOVERNMENT_DEPARTMENT,county,中方县人民政府,
                县神秘局,,GOVERNMENT_DEPARTMENT,COUNTY,县不存在局,
                县财政局,县财政,,,,
                ,,GOVERNMENT_DEPARTMENT,COUNTY,,
                县空白局,,SPACESHIP,COUNTY,,
                县神秘局下属站,,GOVERNMENT_DEPARTMENT,COUNTY,县神秘局,
                县数字中心,,GOVERNMENT_DEPARTMENT,COUNTY,,
                """;
        JsonPath report = importFile("text/csv", csv.getBytes(StandardCharsets.UTF_8), 200, false);
        assertEquals(8, report.getInt("rows"));
        assertEquals(List.of("CREATED", "CREATED", "REJECTED", "UPDATED", "REJECTED", "REJECTED", "REJECTED", "UNCHANGED"),
                report.getList("report.outcome"));
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9), report.getList("report.row"));
        assertEquals(2, report.getInt("created"));
        assertEquals(4, report.getInt("rejected"));
        assertEquals("parent", report.getString("report[2].field"));
        assertTrue(report.getString("report[2].reason").contains("县不存在局"));
        assertEquals("name", report.getString("report[4].field"));
        assertEquals("kind", report.getString("report[5].field"));
        assertTrue(report.getString("report[6].reason").contains("row 4"), "a row under a rejected row is rejected too");
        assertTrue(report.getString("report[7].reason").contains("matched 县数字经济发展中心 by its alias"),
                "a name that is an alias of a unit (here: created by an earlier row) is that unit");

        Map<String, Object> centre = unit("县数字经济发展中心");
        Map<String, Object> station = unit("县数字经济服务站");
        assertEquals(centre.get("id"), station.get("parentId"), "the child row came first in the file and still found its parent");
        assertEquals(unit("县发展和改革局").get("id"), station.get("supervisorId"));
        assertEquals(List.of("县数字中心", "县数经中心"), centre.get("aliases"));
        assertEquals(List.of("县财政"), unit("县财政局").get("aliases"));
        assertEquals(null, unit("县神秘局"));
        assertEquals(null, unit("县空白局"));

        // the same file again changes nothing and creates nothing twice
        JsonPath again = importFile("text/csv", csv.getBytes(StandardCharsets.UTF_8), 200, false);
        assertEquals(List.of("UNCHANGED", "UNCHANGED", "REJECTED", "UNCHANGED", "REJECTED", "REJECTED", "REJECTED", "UNCHANGED"),
                again.getList("report.outcome"));
    }

    @Test
    void anXlsxWorkbookWithChineseHeadersRoundTripsAndItsBadRowIsReported() throws Exception {
        byte[] workbook;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = wb.createSheet("单位");
            String[][] rows = {
                    { "名称", "别名", "类型", "层级", "上级单位" },
                    { "试验县人民政府", "试验县政府", "人民政府", "县级", "怀化市人民政府" },
                    { "试验镇人民政府", "试验镇", "乡镇人民政府", "乡镇", "试验县人民政府" },
                    { "试验村", "", "村(社区)", "村", "试验镇" },
                    { "无名村", "", "村(社区)", "村", "不存在镇人民政府" },
            };
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            wb.write(out);
            workbook = out.toByteArray();
        }
        JsonPath report = importFile(XLSX, workbook, 200, false);
        assertEquals("XLSX", report.getString("format"));
        assertEquals(List.of("CREATED", "CREATED", "CREATED", "REJECTED"), report.getList("report.outcome"));
        assertEquals(5, report.getInt("report[3].row"));
        assertEquals("parent", report.getString("report[3].field"));

        Map<String, Object> town = unit("试验镇人民政府");
        assertEquals("TOWNSHIP_GOVERNMENT", town.get("kind"));
        assertEquals("TOWNSHIP", town.get("level"));
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + town.get("id") + "/tree")
                .then().statusCode(200).body("children.name", contains("试验村"));
        assertEquals(unit("试验县人民政府").get("id"), town.get("parentId"));
        assertEquals(null, unit("无名村"));
    }

    @Test
    void anAtomicImportWithABadRowChangesNothing() {
        String csv = "name,kind,level,parent\n县原子测试局,GOVERNMENT_DEPARTMENT,COUNTY,\n县原子测试站,GOVERNMENT_DEPARTMENT,COUNTY,没有这个单位\n";
        JsonPath report = importFile("text/csv", csv.getBytes(StandardCharsets.UTF_8), 422, true);
        assertEquals(false, report.getBoolean("applied"));
        assertEquals(List.of("NOT_APPLIED", "REJECTED"), report.getList("report.outcome"));
        assertEquals(null, unit("县原子测试局"));

        // the same rows without the bad one go in together
        importFile("text/csv", "name,kind,level\n县原子测试局,GOVERNMENT_DEPARTMENT,COUNTY\n".getBytes(StandardCharsets.UTF_8), 200, true);
        assertEquals("COUNTY", unit("县原子测试局").get("level"));
    }

    @Test
    void aCsvSavedByChineseExcelInGb18030IsReadToo() {
        byte[] gbk = "名称,类型,层级\n县编码测试局,政府部门,县级\n".getBytes(Charset.forName("GB18030"));
        JsonPath report = importFile("text/csv", gbk, 200, false);
        assertEquals(List.of("CREATED"), report.getList("report.outcome"));
        assertEquals("GOVERNMENT_DEPARTMENT", unit("县编码测试局").get("kind"));
    }

    @Test
    void wrongFilesAndCallersAreRefused() {
        given().auth().oauth2(Tokens.admin()).contentType("text/csv").body("kind,level\nCOURT,COUNTY\n")
                .when().post("/api/units/import")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("header"));
        given().auth().oauth2(Tokens.admin()).contentType(XLSX).body("not a workbook".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/units/import")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("XLSX"));
        given().auth().oauth2(Tokens.admin()).contentType("application/pdf").body(new byte[] { 1 })
                .when().post("/api/units/import").then().statusCode(415);
        given().auth().oauth2(Tokens.supervisor()).contentType("text/csv").body("name\n县甲局\n")
                .when().post("/api/units/import").then().statusCode(403);
        given().contentType("text/csv").body("name\n县甲局\n").when().post("/api/units/import").then().statusCode(401);
    }
}
