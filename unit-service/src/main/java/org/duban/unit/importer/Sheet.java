package org.duban.unit.importer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import org.duban.platform.problem.Problem;

/**
 * A file of units as rows of named columns: CSV (Apache Commons CSV; UTF-8, or GB18030 as Chinese Excel
 * saves it) or XLSX (Apache POI, first sheet). The first row names the columns, in English or Chinese
 * (see {@link #COLUMNS}); {@code row} numbers count like a spreadsheet, the header being row 1.
 */
final class Sheet {

    static final String CSV = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final int MAX_ROWS = 10_000;

    /** Column → the headers that name it. */
    static final Map<String, List<String>> COLUMNS = columns();

    record SheetRow(int row, Map<String, String> values) {
        String get(String column) {
            String v = values.get(column);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    private Sheet() {
    }

    static List<SheetRow> read(String mediaType, byte[] body) {
        if (body == null || body.length == 0) {
            throw Problem.badRequest("the file is empty");
        }
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (type.startsWith(XLSX)) {
            return xlsx(body);
        }
        if (type.startsWith(CSV)) {
            return csv(body);
        }
        throw new Problem(415, "Unsupported Media Type", "send " + CSV + " or " + XLSX + ", not " + mediaType);
    }

    private static List<SheetRow> csv(byte[] body) {
        String text = decode(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get()
                .parse(new StringReader(text))) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                throw Problem.badRequest("the file has no header row");
            }
            List<String> header = new ArrayList<>();
            records.get(0).forEach(header::add);
            Map<Integer, String> columns = columnsOf(header);
            List<SheetRow> rows = new ArrayList<>();
            for (int i = 1; i < records.size(); i++) {
                CSVRecord record = records.get(i);
                Map<String, String> values = new HashMap<>();
                columns.forEach((index, column) -> values.put(column, index < record.size() ? record.get(index) : null));
                rows.add(new SheetRow(i + 1, values));
            }
            return limited(rows);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw Problem.badRequest("the file is not readable CSV: " + e.getMessage());
        }
    }

    private static List<SheetRow> xlsx(byte[] body) {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(body))) {
            if (workbook.getNumberOfSheets() == 0) {
                throw Problem.badRequest("the workbook has no sheet");
            }
            var sheet = workbook.getSheetAt(0);
            DataFormatter format = new DataFormatter(Locale.ROOT);
            Row head = sheet.getRow(sheet.getFirstRowNum());
            if (head == null) {
                throw Problem.badRequest("the first sheet has no header row");
            }
            List<String> header = new ArrayList<>();
            for (int c = 0; c < head.getLastCellNum(); c++) {
                Cell cell = head.getCell(c);
                header.add(cell == null ? "" : format.formatCellValue(cell));
            }
            Map<Integer, String> columns = columnsOf(header);
            List<SheetRow> rows = new ArrayList<>();
            for (int r = head.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                boolean blank = true;
                for (var column : columns.entrySet()) {
                    Cell cell = row.getCell(column.getKey());
                    String value = cell == null ? null : format.formatCellValue(cell);
                    blank &= value == null || value.isBlank();
                    values.put(column.getValue(), value);
                }
                if (!blank) {
                    rows.add(new SheetRow(r + 1, values));
                }
                if (rows.size() > MAX_ROWS) {
                    break;
                }
            }
            return limited(rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Problem p) {
                throw p;
            }
            throw Problem.badRequest("the file is not a readable XLSX workbook: " + e.getMessage());
        }
    }

    private static List<SheetRow> limited(List<SheetRow> rows) {
        if (rows.size() > MAX_ROWS) {
            throw new Problem(413, "Content Too Large", "at most " + MAX_ROWS + " rows per file; split it");
        }
        return rows;
    }

    /** Header position → column; a missing {@code name} column, or an unknown header, is a 400 naming it. */
    private static Map<Integer, String> columnsOf(List<String> header) {
        Map<Integer, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
            if (h.isEmpty()) {
                continue;
            }
            String column = COLUMNS.entrySet().stream().filter(e -> e.getValue().contains(h)).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> Problem.invalidField("header", "unknown column '" + h + "'; known: "
                            + COLUMNS.keySet()));
            if (columns.containsValue(column)) {
                throw Problem.invalidField("header", "column " + column + " appears twice");
            }
            columns.put(i, column);
        }
        if (!columns.containsValue("name")) {
            throw Problem.invalidField("header", "the header row needs a name column (name, 名称 or 单位名称)");
        }
        return columns;
    }

    private static Map<String, List<String>> columns() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("name", List.of("name", "名称", "单位名称", "单位"));
        c.put("aliases", List.of("aliases", "alias", "别名", "简称"));
        c.put("kind", List.of("kind", "类型", "单位类型"));
        c.put("level", List.of("level", "层级", "级别"));
        c.put("parent", List.of("parent", "上级单位", "上级"));
        c.put("supervisor", List.of("supervisor", "主管单位", "分管单位"));
        c.put("webhook_url", List.of("webhook_url", "webhookurl", "webhook"));
        return c;
    }

    /** UTF-8 when the bytes are UTF-8; otherwise GB18030 (what Excel writes for "CSV" on a Chinese system). */
    private static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new String(body, Charset.forName("GB18030"));
        }
    }
}
