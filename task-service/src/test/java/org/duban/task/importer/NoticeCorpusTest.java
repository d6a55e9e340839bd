package org.duban.task.importer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The corpus of issue 21 ({@code src/test/resources/notices/}): notices written in the conventions of county, city,
 * township and provincial offices, each imported through the REST endpoint in file-name order (an upstream plan before
 * the plans that implement it; the provincial seed work points first) and compared, field by field, with its
 * {@code .expected.json}: the plan's level, number, issuer, date and annexes with the plans they cite and are linked to;
 * per task every unit of the lead and responsible cells with its resolution, name and level, the deadline (kind, due
 * date, cadence), the assignments by role after one unit, one role, the upstream task; every phrase not read and every
 * merge. Word and Excel documents are built here with Apache POI from a {@code .docx.json} / {@code .xlsx.json} spec.
 * Prints a score per document and for the corpus; each document must score 100 %. What the importer read is written to
 * {@code target/notices-actual/} for review.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_corpus"))
@WithTestResource(ResolveFixtureServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeCorpusTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Path DIR = Path.of("src/test/resources/notices");

    final Map<String, String> planOf = new LinkedHashMap<>();
    final Map<String, int[]> scores = new TreeMap<>();
    boolean upstreamLoaded;

    static Stream<String> documents() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") || n.endsWith(".docx.json") || n.endsWith(".xlsx.json")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void eachNoticeImportsAsExpected(String name) throws IOException {
        if (!upstreamLoaded) {
            given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                    .body(SeedDocuments.read(SeedDocuments.PROVINCIAL_WORK_POINTS).getBytes(StandardCharsets.UTF_8))
                    .post("/api/plans/import").then().statusCode(201);
            upstreamLoaded = true;
        }
        byte[] body = body(name);
        JsonPath answer = given().auth().oauth2(Tokens.supervisor()).contentType("application/octet-stream").body(body)
                .post("/api/plans/import").then().extract().jsonPath();
        ObjectNode actual = actual(answer);
        String stem = name.replaceFirst("\\.(txt|docx\\.json|xlsx\\.json)$", "");
        Path out = Path.of("target/notices-actual");
        Files.createDirectories(out);
        JSON.writeValue(out.resolve(stem + ".actual.json").toFile(), actual);
        Path expectedFile = DIR.resolve(stem + ".expected.json");
        JsonNode expected = Files.exists(expectedFile) ? JSON.readTree(expectedFile.toFile()) : JSON.createObjectNode();
        Map<String, String> want = flatten(expected);
        Map<String, String> got = flatten(actual);
        int total = 0;
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (String key : union(want, got)) {
            total++;
            if (want.containsKey(key) && want.get(key).equals(got.get(key))) {
                right++;
            } else {
                wrong.add(key + ": expected " + want.get(key) + ", read " + got.get(key));
            }
        }
        scores.put(stem, new int[] { right, total });
        System.out.printf("notices/%s: %d/%d fields right (%.1f %%)%n", stem, right, total, 100.0 * right / Math.max(1, total));
        wrong.forEach(w -> System.out.println("    " + w));
        for (int i = 0; i < answer.getList("plans").size(); i++) {
            planOf.putIfAbsent(answer.getString("plans[" + i + "].id"), stem);
        }
        assertEquals(List.of(), wrong, stem + ": every field as expected");
    }

    /** Whichever side comes second links: a county notice citing a city plan not yet imported is linked when it is. */
    @org.junit.jupiter.api.Test
    void aCountyNoticeImportedBeforeTheCityPlanItCitesIsLinkedWhenTheCityPlanArrives() throws IOException {
        String county = Files.readString(DIR.resolve("12_county_implements_city.txt")).replace("怀化市2021年", "怀化市2023年")
                .replace("〔2021〕21号", "〔2023〕21号");
        String city = Files.readString(DIR.resolve("11_city_work_points.txt")).replace("怀化市2021年", "怀化市2023年");
        JsonPath first = given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                .body(county.getBytes(StandardCharsets.UTF_8)).post("/api/plans/import").then().statusCode(201).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertTrue(first.getList("report.notes", String.class).stream()
                .anyMatch(n -> n.contains("《怀化市2023年政务公开工作要点》, not imported yet")), first.getList("report.notes").toString());
        JsonPath second = given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                .body(city.getBytes(StandardCharsets.UTF_8)).post("/api/plans/import").then().statusCode(201).extract().jsonPath();
        assertEquals("CITY", second.getString("plans[0].level"));
        assertEquals(List.of("（一）", "（二）", "（三）"), second.getList("report.upstreamLinks.task"));
        assertEquals(List.of("（一）", "（二）", "（三）"), second.getList("report.upstreamLinks.upstreamTask"));
        String countyId = first.getString("plans[0].id");
        given().auth().oauth2(Tokens.supervisor()).get("/api/plans/" + countyId).then().statusCode(200)
                .body("annexes[0].upstreamPlanId", org.hamcrest.Matchers.equalTo(second.getString("plans[0].id")))
                .body("upstreamPlanId", org.hamcrest.Matchers.equalTo(second.getString("plans[0].id")));
    }

    @AfterAll
    void corpusScore() {
        int right = scores.values().stream().mapToInt(s -> s[0]).sum();
        int total = scores.values().stream().mapToInt(s -> s[1]).sum();
        System.out.printf("notice corpus: %d documents, %d/%d fields right (%.1f %%)%n", scores.size(), right, total,
                100.0 * right / Math.max(1, total));
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /** What the import did, in the expected files' shape. */
    @SuppressWarnings("unchecked")
    ObjectNode actual(JsonPath a) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("status", a.getInt("plans.size()") > 0 ? (a.getBoolean("existing") ? "existing" : "imported") : "refused");
        if (a.getBoolean("existing")) {
            doc.put("sameAs", planOf.get(a.getString("plans[0].id")));
            return doc;
        }
        var plans = doc.putArray("plans");
        for (Map<String, Object> p : a.<Map<String, Object>> getList("plans")) {
            ObjectNode plan = plans.addObject();
            plan.put("title", (String) p.get("title"));
            plan.put("level", (String) p.get("level"));
            plan.put("documentNumber", (String) p.get("documentNumber"));
            plan.put("issuer", (String) p.get("issuer"));
            plan.put("issuedOn", (String) p.get("issuedOn"));
        }
        var sections = doc.putArray("sections");
        for (int i = 0; i < a.getList("plans").size(); i++) {
            for (Map<String, Object> x : a.<Map<String, Object>> getList("plans[" + i + "].annexes")) {
                for (Map<String, Object> s : (List<Map<String, Object>>) x.get("sections")) {
                    sections.add(x.get("label") + " " + s.get("label") + "、" + s.get("title") + ": " + s.get("taskCount") + " tasks");
                }
            }
        }
        var annexes = doc.putArray("annexes");
        for (Map<String, Object> x : a.<Map<String, Object>> getList("report.annexes")) {
            annexes.add(x.get("label") + " | " + x.get("title") + " | cites " + x.get("cites") + " | "
                    + (x.get("linkedPlanId") == null ? "not linked" : "linked to " + planTitle((String) x.get("linkedPlanId"))));
        }
        ObjectNode tasks = doc.putObject("tasks");
        for (Map<String, Object> d : a.<Map<String, Object>> getList("report.deadlines")) {
            task(tasks, d.get("task")).put("deadline", d.get("kind") + " " + d.get("dueAt")
                    + (d.get("cadence") == null ? "" : " every " + d.get("cadence")));
        }
        for (Map<String, Object> d : a.<Map<String, Object>> getList("report.unreadDeadlines")) {
            task(tasks, d.get("task")).put("deadline", "UNREAD " + d.get("phrase"));
        }
        for (Map<String, Object> u : a.<Map<String, Object>> getList("report.units")) {
            String role = "LEAD".equals(u.get("role")) ? "lead" : "responsible";
            ObjectNode t = task(tasks, u.get("task"));
            var list = t.has(role) ? (com.fasterxml.jackson.databind.node.ArrayNode) t.get(role) : t.putArray(role);
            list.add(u.get("text") + " → " + u.get("outcome") + (u.get("name") == null ? "" : " " + u.get("name"))
                    + (u.get("level") == null ? "" : " " + u.get("level")));
        }
        for (Map<String, Object> s : a.<Map<String, Object>> getList("report.assignments")) {
            task(tasks, s.get("task")).put("assigned", "LEAD " + s.get("lead") + ", CO_RESPONSIBLE " + s.get("coResponsible"));
        }
        for (Map<String, Object> l : a.<Map<String, Object>> getList("report.upstreamLinks")) {
            task(tasks, l.get("plan") + " " + l.get("task")).put("upstream", l.get("upstreamPlan") + " " + l.get("upstreamTask"));
        }
        for (int i = 0; i < a.getList("plans").size(); i++) {
            List<Map<String, Object>> views = given().auth().oauth2(Tokens.supervisor())
                    .get("/api/tasks?limit=1000&planId=" + a.getString("plans[" + i + "].id")).then().statusCode(200).extract()
                    .jsonPath().getList("$");
            for (Map<String, Object> v : views) {
                Map<String, Object> deadline = (Map<String, Object>) v.get("deadline");
                List<Map<String, Object>> milestones = (List<Map<String, Object>>) deadline.get("milestones");
                if (milestones != null && !milestones.isEmpty()) {
                    var list = task(tasks, v.get("annex") + " " + v.get("number")).putArray("milestones");
                    for (Map<String, Object> m : milestones) {
                        list.add(m.get("status") + " " + m.get("label") + " " + m.get("dueAt")
                                + (m.get("targetQuantity") == null ? "" : " " + m.get("targetQuantity") + " " + m.get("targetUnit")));
                    }
                }
            }
        }
        var merges = doc.putArray("merges");
        for (Map<String, Object> m : a.<Map<String, Object>> getList("report.merges")) {
            merges.add(m.get("task") + " " + m.get("unit") + ": " + m.get("kept") + " " + m.get("keptHow") + " / " + m.get("dropped")
                    + " " + m.get("droppedHow"));
        }
        var notes = doc.putArray("notes");
        for (String n : a.<String> getList("report.notes")) {
            if (n.contains("not imported yet") || n.contains("taken from the notice") || n.startsWith("plan level")) {
                notes.add(n);
            }
        }
        var skipped = doc.putArray("skipped");
        for (Map<String, Object> n : a.<Map<String, Object>> getList("report.skipped")) {
            skipped.add(n.get("line") + " " + n.get("what"));
        }
        var normalised = doc.putArray("normalised");
        for (Map<String, Object> n : a.<Map<String, Object>> getList("report.normalisations")) {
            normalised.add((String) n.get("what"));
        }
        return doc;
    }

    private static ObjectNode task(ObjectNode tasks, Object key) {
        String k = String.valueOf(key);
        return tasks.has(k) ? (ObjectNode) tasks.get(k) : tasks.putObject(k);
    }

    private static String planTitle(String id) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/plans/" + id).then().statusCode(200).extract().path("title");
    }

    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(path, node.isNull() ? "null" : node.asText());
        }
    }

    /** The document's bytes: a text file as it is, a Word or Excel document built from its spec. */
    static byte[] body(String name) throws IOException {
        byte[] raw = Files.readAllBytes(DIR.resolve(name));
        if (name.endsWith(".txt")) {
            return raw;
        }
        JsonNode spec = JSON.readTree(raw);
        return name.endsWith(".docx.json") ? docx(spec) : xlsx(spec);
    }

    /**
     * A Word document: {@code paragraphs} before the tables, then per table its {@code before} paragraphs (附件, the
     * annex title) and {@code rows}; a cell {@code "^"} continues the cell above (vertical merge), a cell {@code "<"} is
     * covered by the cell to its left (gridSpan), {@code "\n"} inside a cell is a line break; {@code "pageBreak": true}
     * on a row repeats the header row there, as a table split across pages is printed.
     */
    static byte[] docx(JsonNode spec) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); var out = new ByteArrayOutputStream()) {
            for (JsonNode p : spec.path("paragraphs")) {
                doc.createParagraph().createRun().setText(p.asText());
            }
            for (JsonNode t : spec.path("tables")) {
                for (JsonNode p : t.path("before")) {
                    doc.createParagraph().createRun().setText(p.asText());
                }
                List<JsonNode> rows = new ArrayList<>();
                t.path("rows").forEach(rows::add);
                int columns = rows.get(0).size();
                XWPFTable table = doc.createTable(rows.size(), columns);
                for (int r = 0; r < rows.size(); r++) {
                    XWPFTableRow row = table.getRow(r);
                    List<XWPFTableCell> remove = new ArrayList<>();
                    for (int c = 0; c < columns; c++) {
                        XWPFTableCell cell = row.getCell(c);
                        String text = rows.get(r).get(c).asText();
                        if (text.equals("^")) {
                            cell.getCTTc().addNewTcPr().addNewVMerge().setVal(STMerge.CONTINUE);
                            continue;
                        }
                        if (text.equals("<")) {
                            remove.add(cell);
                            continue;
                        }
                        if (r + 1 < rows.size() && rows.get(r + 1).get(c).asText().equals("^")) {
                            cell.getCTTc().addNewTcPr().addNewVMerge().setVal(STMerge.RESTART);
                        }
                        int span = 1;
                        while (c + span < columns && rows.get(r).get(c + span).asText().equals("<")) {
                            span++;
                        }
                        if (span > 1) {
                            var pr = cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
                            pr.addNewGridSpan().setVal(java.math.BigInteger.valueOf(span));
                        }
                        XWPFParagraph para = cell.getParagraphs().get(0);
                        var run = para.createRun();
                        String[] lines = text.split("\n", -1);
                        for (int k = 0; k < lines.length; k++) {
                            if (k > 0) {
                                run.addBreak(BreakType.TEXT_WRAPPING);
                            }
                            run.setText(lines[k], k);
                        }
                    }
                    for (XWPFTableCell cell : remove) {
                        row.removeCell(row.getTableCells().indexOf(cell));
                    }
                }
            }
            for (JsonNode p : spec.path("after")) {
                doc.createParagraph().createRun().setText(p.asText());
            }
            doc.write(out);
            return out.toByteArray();
        }
    }

    /**
     * An Excel workbook: per sheet its {@code name}, optional {@code title} rows, and {@code rows}; a cell written
     * {@code "date:2021-12-31"} is a real date cell (formatted yyyy/m/d, as Chinese Excel shows it).
     */
    static byte[] xlsx(JsonNode spec) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
            for (JsonNode s : spec.path("sheets")) {
                XSSFSheet sheet = wb.createSheet(s.path("name").asText());
                int r = 0;
                for (JsonNode title : s.path("title")) {
                    sheet.createRow(r++).createCell(0).setCellValue(title.asText());
                }
                for (JsonNode row : s.path("rows")) {
                    var xr = sheet.createRow(r++);
                    for (int c = 0; c < row.size(); c++) {
                        String v = row.get(c).asText();
                        var cell = xr.createCell(c);
                        if (v.startsWith("date:")) {
                            cell.setCellValue(LocalDate.parse(v.substring(5)));
                            cell.setCellStyle(date);
                        } else {
                            cell.setCellValue(v);
                        }
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    static InputStream resource(String name) {
        return NoticeCorpusTest.class.getResourceAsStream("/notices/" + name);
    }
}
