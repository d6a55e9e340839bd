package org.duban.provincesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Derives the seed fixture {@code seed-tasks.json} from the provincial seed document and checks the checked-in
 * resource against it. To regenerate the resource after changing the rules below:
 * {@code mvnl -o -pl deploy/province-sim test -Dtest=SeedFixtureTest -Dprovincesim.writeSeed=true}
 * (surefire passes -D properties through to the test JVM only via argLine, so this test also reads the environment
 * variable PROVINCESIM_WRITE_SEED=true).
 * <p>
 * The rules: a document starts at its title line (湖南省2021年…工作要点; it prints no document number, so
 * documentNumber is null and the title is its identity); a section is {@code 一、title}; a task is a paragraph
 * {@code （N）text（X牵头，Y按职责分工负责）}: the closing parenthesis gives leadDepartment X and
 * responsibleDepartments Y, the title is the text between the number and that parenthesis, the text is the whole
 * paragraph. The document prints no deadline per task: 2021年底 (2021-12-31), unless the task's text says 持续推进
 * (no date) or names a month (YYYY年M月底, the end of that month). Reports are monthly, due on the 25th.
 */
class SeedFixtureTest {

    static final String DOCUMENT = "003_5417bdf0b6032d96.txt";
    static final Map<String, String> DOCUMENT_CODES = Map.of(
            "湖南省2021年政务管理服务工作要点", "ZWFW",
            "湖南省2021年政务公开工作要点", "ZWGK");

    private static final Pattern TITLE = Pattern.compile("^湖南省2021年.+工作要点$");
    private static final Pattern SECTION = Pattern.compile("^[\\s\u3000]*([一二三四五六七八九十]+)、(.+?)[\\s\u3000]*$");
    private static final Pattern TASK = Pattern.compile("^[\\s\u3000]*(（([一二三四五六七八九十]+)）)(.+?)[\\s\u3000]*$");
    private static final Pattern MONTH_END = Pattern.compile("(\\d{4})年(\\d{1,2})月底前?");

    @Test
    void resourceIsTheDerivationOfTheDocument() throws IOException {
        List<SeedTask> derived = derive(Files.readString(seedsDir().resolve(DOCUMENT), StandardCharsets.UTF_8));
        if ("true".equals(System.getProperty("provincesim.writeSeed")) || "true".equals(System.getenv("PROVINCESIM_WRITE_SEED"))) {
            write(derived);
        }
        List<SeedTask> resource = SeedTasks.all();
        assertEquals(derived.size(), resource.size(), "seed-tasks.json differs from the derivation; regenerate it (see the class comment)");
        for (int i = 0; i < derived.size(); i++) {
            assertEquals(derived.get(i), resource.get(i), "seed-tasks.json differs from the derivation; regenerate it (see the class comment)");
        }
    }

    @Test
    void fiftyOneTasksNumberedAndSectionedAsPrinted() throws IOException {
        List<SeedTask> tasks = SeedTasks.all();
        assertEquals(51, tasks.size());
        String text = Files.readString(seedsDir().resolve(DOCUMENT), StandardCharsets.UTF_8);
        Map<String, List<SeedTask>> byDocument = new LinkedHashMap<>();
        tasks.forEach(t -> byDocument.computeIfAbsent(t.documentTitle(), k -> new ArrayList<>()).add(t));
        assertEquals(List.of("湖南省2021年政务管理服务工作要点", "湖南省2021年政务公开工作要点"), List.copyOf(byDocument.keySet()));
        assertEquals(34, byDocument.get("湖南省2021年政务管理服务工作要点").size());
        assertEquals(17, byDocument.get("湖南省2021年政务公开工作要点").size());
        assertEquals(List.of("一", "二", "三", "四", "五", "六", "七", "八", "九"),
                byDocument.get("湖南省2021年政务管理服务工作要点").stream().map(SeedTask::sectionLabel).distinct().toList());
        assertEquals(List.of("一", "二", "三", "四", "五"),
                byDocument.get("湖南省2021年政务公开工作要点").stream().map(SeedTask::sectionLabel).distinct().toList());
        for (List<SeedTask> doc : byDocument.values()) {
            for (int i = 0; i < doc.size(); i++) {
                SeedTask t = doc.get(i);
                assertEquals("（" + chinese(i + 1) + "）", t.taskNumber(), t.provTaskId());
                assertEquals(String.format("HN2021-%s-%02d", DOCUMENT_CODES.get(t.documentTitle()), i + 1), t.provTaskId());
                assertNull(t.documentNumber(), "the document prints no number");
                assertTrue(text.contains(t.text()), t.provTaskId() + ": text is a paragraph of the document");
                assertTrue(t.text().startsWith(t.taskNumber() + t.title() + "（"), t.provTaskId());
                assertTrue(text.contains(t.sectionLabel() + "、" + t.sectionTitle()), t.provTaskId());
                assertEquals("MONTHLY", t.reportCadence());
                assertEquals(25, t.reportDay());
                assertNotNull(t.responsibleDepartments(), t.provTaskId());
            }
        }
        SeedTask six = SeedTasks.byId("HN2021-ZWFW-06").orElseThrow();
        assertEquals("二", six.sectionLabel());
        assertEquals("深化审批服务重点领域改革", six.sectionTitle());
        assertEquals("省司法厅、省政务局", six.leadDepartment());
        assertEquals("省直相关单位和各市州、县市区人民政府", six.responsibleDepartments());
        assertTrue(six.title().startsWith("全面落实证明事项") && six.title().endsWith("失信严惩戒。"));
        assertEquals("2021年底", six.deadlineText());
        assertEquals("2021-12-31", six.deadline());
        SeedTask four = SeedTasks.byId("HN2021-ZWFW-04").orElseThrow();
        assertEquals("持续推进", four.deadlineText());
        assertNull(four.deadline());
        SeedTask gk1 = SeedTasks.byId("HN2021-ZWGK-01").orElseThrow();
        assertNull(gk1.leadDepartment(), "（省直相关单位，各市州、县市区人民政府按职责分工负责） names no lead");
        assertEquals("省直相关单位，各市州、县市区人民政府", gk1.responsibleDepartments());
        SeedTask gk14 = SeedTasks.byId("HN2021-ZWGK-14").orElseThrow();
        assertEquals("公共企事业单位相应主管部门", gk14.leadDepartment());
        SeedTask fw19 = SeedTasks.byId("HN2021-ZWFW-19").orElseThrow();
        assertEquals("省直相关单位和各市州、县市区人民政府", fw19.responsibleDepartments(), "…人民政府负责 without 按职责分工");
    }

    static List<SeedTask> derive(String document) {
        List<SeedTask> out = new ArrayList<>();
        String docTitle = null;
        String sectionLabel = null;
        String sectionTitle = null;
        for (String line : document.split("\r?\n")) {
            if (TITLE.matcher(line.strip()).matches() && !line.startsWith("\u3000")) {
                docTitle = line.strip();
                sectionLabel = sectionTitle = null;
                continue;
            }
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                sectionLabel = s.group(1);
                sectionTitle = s.group(2);
                continue;
            }
            Matcher t = TASK.matcher(line);
            if (!t.matches()) {
                continue;
            }
            String paragraph = t.group(1) + t.group(3);
            int open = closingParenthesisStart(paragraph);
            String inner = paragraph.substring(open + 1, paragraph.length() - 1);
            String title = paragraph.substring(t.group(1).length(), open).strip();
            String lead;
            String responsible;
            int split = inner.indexOf("牵头，");
            if (split >= 0) {
                lead = inner.substring(0, split);
                responsible = withoutDuty(inner.substring(split + 3));
            } else if (inner.endsWith("按职责牵头负责")) {
                lead = inner.substring(0, inner.length() - "按职责牵头负责".length());
                responsible = lead;
            } else {
                lead = null;
                responsible = withoutDuty(inner);
            }
            String deadlineText = "2021年底";
            String deadline = "2021-12-31";
            Matcher month = MONTH_END.matcher(title);
            if (title.contains("持续推进")) {
                deadlineText = "持续推进";
                deadline = null;
            } else if (month.find()) {
                deadlineText = month.group();
                deadline = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2))).atEndOfMonth().toString();
            }
            int number = number(t.group(2));
            String id = String.format("HN2021-%s-%02d", DOCUMENT_CODES.get(docTitle), number);
            out.add(new SeedTask(id, null, docTitle, sectionLabel, sectionTitle, t.group(1), title, paragraph, lead,
                    responsible, deadlineText, deadline, "MONTHLY", 25));
        }
        return out;
    }

    /** Where the paragraph's last, closing （…） starts (matching nested full-width parentheses). */
    static int closingParenthesisStart(String paragraph) {
        if (!paragraph.endsWith("）")) {
            throw new IllegalArgumentException("no closing parenthesis: " + paragraph);
        }
        int depth = 0;
        for (int i = paragraph.length() - 1; i >= 0; i--) {
            char c = paragraph.charAt(i);
            if (c == '）') {
                depth++;
            } else if (c == '（' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses: " + paragraph);
    }

    private static String withoutDuty(String s) {
        for (String suffix : List.of("按职责分工负责", "负责")) {
            if (s.endsWith(suffix)) {
                return s.substring(0, s.length() - suffix.length());
            }
        }
        return s;
    }

    private static final String DIGITS = "零一二三四五六七八九";

    /** 一 … 九十九 as printed in the document's numbering. */
    static int number(String chinese) {
        int ten = chinese.indexOf('十');
        if (ten < 0) {
            return DIGITS.indexOf(chinese.charAt(0));
        }
        int tens = ten == 0 ? 1 : DIGITS.indexOf(chinese.charAt(0));
        int units = ten == chinese.length() - 1 ? 0 : DIGITS.indexOf(chinese.charAt(ten + 1));
        return tens * 10 + units;
    }

    static String chinese(int n) {
        if (n < 10) {
            return String.valueOf(DIGITS.charAt(n));
        }
        String tens = n / 10 == 1 ? "" : String.valueOf(DIGITS.charAt(n / 10));
        return tens + "十" + (n % 10 == 0 ? "" : String.valueOf(DIGITS.charAt(n % 10)));
    }

    /** {@code -Dduban.seeds.dir}, else the first {@code shared/seeds} above the working directory. */
    static Path seedsDir() {
        String configured = System.getProperty("duban.seeds.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path seeds = dir.resolve("shared").resolve("seeds");
            if (Files.isRegularFile(seeds.resolve(DOCUMENT))) {
                return seeds;
            }
        }
        throw new IllegalStateException("cannot find shared/seeds/" + DOCUMENT + " above " + Path.of("").toAbsolutePath());
    }

    private static void write(List<SeedTask> tasks) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("source", "shared/seeds/" + DOCUMENT);
        root.put("derivedBy", "deploy/province-sim SeedFixtureTest (PROVINCESIM_WRITE_SEED=true); do not edit by hand");
        root.set("tasks", json.valueToTree(tasks));
        Path target = Path.of("src/main/resources/org/duban/provincesim/" + SeedTasks.RESOURCE);
        Files.writeString(target, json.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }
}
