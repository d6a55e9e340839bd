package org.duban.task.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.duban.platform.problem.Problem;
import org.junit.jupiter.api.Test;

/**
 * Office uploads built to amplify (generated here, nothing big is committed): each is refused within 2 s under the
 * test's normal heap with a 4xx problem naming the setting it met; the heap used after the refusal stays near what it
 * was before.
 */
class OfficeBoundsTest {

    static final int MAX_UPLOAD = 5 * 1024 * 1024;

    static final String TYPES = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            + "</Types>";

    interface Part {
        void write(OutputStream out) throws IOException;
    }

    /** A zip written part by part, streamed, at the best compression. */
    static byte[] zip(Map<String, Part> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (var part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                part.getValue().write(zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Part text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] docx(Part document) throws IOException {
        var parts = new java.util.LinkedHashMap<String, Part>();
        parts.put("[Content_Types].xml", text(TYPES));
        parts.put("_rels/.rels", text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"));
        parts.put("word/document.xml", document);
        return zip(parts);
    }

    static byte[] xlsx(Part sheet) throws IOException {
        var parts = new java.util.LinkedHashMap<String, Part>();
        parts.put("[Content_Types].xml", text(TYPES));
        parts.put("_rels/.rels", text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
        parts.put("xl/workbook.xml", text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"附件1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
        parts.put("xl/_rels/workbook.xml.rels", text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
        parts.put("xl/worksheets/sheet1.xml", sheet);
        return zip(parts);
    }

    static final String SHEET_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    static final String HEADER_ROW = "<row r=\"1\">" + cell("A1", "事项") + cell("B1", "省重点任务") + cell("C1", "牵头单位") + cell("D1", "责任单位")
            + cell("E1", "完成时限") + "</row>";

    static String cell(String ref, String text) {
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Read as the service reads it (detection included): refused in time with a 4xx naming one of {@code settings}. */
    static Problem refused(byte[] body, Set<String> settings) {
        assertTrue(body.length <= MAX_UPLOAD, "the upload has " + body.length + " bytes");
        long before = usedHeap();
        Problem problem = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            try {
                PlanImporter.read(body, "application/octet-stream", null, new ImportReport());
            } catch (Problem p) {
                return p;
            }
            return fail("read, not refused");
        });
        long after = usedHeap();
        assertTrue(problem.status() >= 400 && problem.status() < 500, problem.status() + " " + problem.getMessage());
        if (!settings.isEmpty()) {
            assertTrue(settings.contains(problem.body(null).get("setting")), problem.body(null).toString());
        }
        assertTrue(after - before < 64L << 20, "heap grew by " + ((after - before) >> 20) + " MiB");
        return problem;
    }

    @Test
    void aZipBombIsRefused() throws IOException {
        byte[] zeros = new byte[1 << 20];
        byte[] bomb = docx(out -> {
            for (int i = 0; i < 1024; i++) { // 1 GiB of zeros, deflated to about 1 MiB
                out.write(zeros);
            }
        });
        refused(bomb, Set.of("duban.importer.min-inflate-ratio", "duban.importer.max-unzipped-entry-bytes"));
    }

    @Test
    void aSheetOf1048576RowsIsRefused() throws IOException {
        byte[] sheet = xlsx(out -> {
            out.write((SHEET_HEAD + HEADER_ROW).getBytes(StandardCharsets.UTF_8));
            for (int r = 2; r <= 1_048_576; r++) {
                out.write(("<row r=\"" + r + "\"/>").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        });
        refused(sheet, Set.of("duban.importer.max-unzipped-entry-bytes", "duban.importer.min-inflate-ratio"));
    }

    @Test
    void aRowNumbered1048576IsRefusedByItsNumber() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet("附件1");
            XSSFRow header = sheet.createRow(0);
            String[] names = { "事项", "省重点任务", "牵头单位", "责任单位", "完成时限" };
            for (int c = 0; c < names.length; c++) {
                header.createCell(c).setCellValue(names[c]);
            }
            sheet.createRow(1_048_575).createCell(1).setCellValue("（一）推进公开");
            wb.write(out);
            refused(out.toByteArray(), Set.of("duban.importer.max-rows"));
        }
    }

    @Test
    void aCellInColumnXfdIsRefused() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet("附件1");
            XSSFRow header = sheet.createRow(0);
            String[] names = { "事项", "省重点任务", "牵头单位", "责任单位", "完成时限" };
            for (int c = 0; c < names.length; c++) {
                header.createCell(c).setCellValue(names[c]);
            }
            header.createCell(16_383).setCellValue("x"); // XFD1
            wb.write(out);
            Problem p = refused(out.toByteArray(), Set.of("duban.importer.max-columns"));
            assertEquals(1, p.body(null).get("line"));
        }
    }

    @Test
    void aDocxWithAHugeDocumentXmlIsRefused() throws IOException {
        byte[] doc = docx(out -> {
            out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 600_000; i++) { // ≈ 40 MB of distinct paragraphs
                out.write(("<w:p><w:r><w:t>第" + i + "段：推进政务公开</w:t></w:r></w:p>").getBytes(StandardCharsets.UTF_8));
            }
            out.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
        });
        refused(doc, Set.of("duban.importer.max-unzipped-entry-bytes", "duban.importer.min-inflate-ratio"));
    }

    @Test
    void anXlsxWithAnExternalEntityIsRefusedAndReadsNoFile() throws IOException {
        Path secret = Files.createTempFile("duban-xxe-", ".txt");
        try {
            Files.writeString(secret, "SECRET-7f3a");
            byte[] sheet = xlsx(text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \""
                    + secret.toUri() + "\">]><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                    + HEADER_ROW + "<row r=\"2\">" + cell("A2", "一、公开") + cell("B2", "（一）&xxe;") + cell("C2", "县政府办")
                    + cell("D2", "县政府办") + cell("E2", "2021年底") + "</row></sheetData></worksheet>"));
            Problem p = refused(sheet, Set.of());
            assertFalse(p.body(null).toString().contains("SECRET-7f3a"));
            assertFalse(p.body(null).toString().contains("Exception"), p.body(null).toString());
        } finally {
            Files.deleteIfExists(secret);
        }
    }
}
