package org.duban.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;


import org.duban.testing.SeedDocuments;

/**
 * The web workspace in a real browser (Debian's chromium, headless, driven through its chromedriver by Selenium)
 * against the real stack as processes: PostgreSQL, Kafka, a real Keycloak with the realm file (the login is part of
 * what is tested), unit-, task-, supervision- and notification-service, and web. The supervisor logs in, imports the
 * county notice through the page (dry run, then import: 49 tasks) and sees the lights; the officer of 县政务服务中心
 * logs in on a phone-sized window, signs for an assignment, is refused a program named .pdf (the page names the file) and
 * reports 60 % with a PDF attached; the supervisor's board
 * and the task page show it, and the file downloads for the supervisor byte for byte, while another unit's officer is
 * refused the same URL; the office publishes a plan's task summaries and one report's text and withdraws one task, and a
 * fresh browser with no login sees on the public page only what is published; a leader reads the board but is offered
 * no import, and pages a role may not use are refused.
 * Screenshots go to target/web-it/screenshots.
 *
 * <p>The stack is the JVM's one {@link BrowserStack}, shared with OfficePagesIT in either order: this test works on the
 * plan it imports (found by its id) and on 县政务服务中心's overdue work of it. Skipped (loudly) only when no chromium or
 * chromedriver is installed: .ci/run installs them with apt-get.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebIT {

    @RegisterExtension
    static final BrowserStack.Shared SHARED = new BrowserStack.Shared();

    static final String ZWFWZX = "3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c01";

    static BrowserStack stack;
    static Path WORK;
    /** This class's browsers (quit at its end); the first is the supervisor's. */
    static final List<WebDriver> BROWSERS = new ArrayList<>();
    static WebDriver office;
    static String planId;
    static String assignmentId;
    static String taskId;
    static final String NARRATIVE = "已完成政务服务事项清单梳理，正在推进网上办理。";
    static final String PDF_NAME = "政务服务事项清单.pdf";
    static Path pdf;

    @BeforeAll
    static void useStack() throws IOException {
        // the 2021 deadlines are long past: task-service sweeps every second (BrowserStack.ENVIRONMENT), so the board
        // turns red while the test watches
        stack = SHARED.stack();
        WORK = BrowserStack.workOf("web-it");
    }

    @AfterAll
    static void quitBrowsers() {
        if (stack != null) {
            stack.quit(BROWSERS);
        }
    }

    @Test
    @Order(1)
    void theSupervisorImportsTheCountyNoticeThroughThePageAndSeesTheLights() throws IOException {
        WebDriver browser = browser(1280, 900);
        office = browser;
        login(browser, "supervisor");
        wait(browser).until(ExpectedConditions.urlContains("/board"));

        browser.get(stack.web("/import").toString());
        Path notice = SeedDocuments.directory().resolve(SeedDocuments.COUNTY_NOTICE).toAbsolutePath();
        browser.findElement(By.id("document")).sendKeys(notice.toString());
        browser.findElement(By.cssSelector("#upload button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("report")));
        assertTrue(browser.findElement(By.id("report-h")).getText().contains("预检"), "a dry run first");
        assertEquals("49", browser.findElement(By.cssSelector(".task-total")).getText(), "49 tasks read");
        assertTrue(browser.findElement(By.id("designations")).getText().contains("各乡镇人民政府"),
                "the group without members is shown, to be designated");
        assertTrue(browser.findElement(By.id("deadlines")).getText().contains("2021年底"), "deadline phrases are listed");
        screenshot(browser, "import-dry-run");

        // each name matched only by similarity is confirmed against the registry's name, one ticked box each
        List<WebElement> similar = browser.findElements(By.cssSelector("#flagged input[name=confirmed]"));
        similar.forEach(WebElement::click);
        System.out.printf(Locale.ROOT, "web-it: %d similar names confirmed%n", similar.size());
        browser.findElement(By.cssSelector("#confirm button")).click();
        wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-h"), "已导入"));
        assertEquals("49", browser.findElement(By.cssSelector(".task-total")).getText());

        WebElement toBoard = browser.findElement(By.id("to-board"));
        planId = toBoard.getAttribute("href").replaceFirst(".*planId=", "");
        toBoard.click();
        // the board is built from events: reload until supervision-service has them all
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            browser.navigate().refresh();
            return number(browser, "total-assignments") > 0
                    && number(browser, "total-assignments") == number(browser, "total-green") + number(browser, "total-yellow")
                            + number(browser, "total-red")
                    && browser.findElements(By.cssSelector("#units tbody tr")).size() > 10
                    && number(browser, "total-red") > 0; // every 2021 deadline is past: red once the misses are announced
        });
        assertEquals("49", browser.findElement(By.cssSelector(".task-count[data-plan='" + planId + "']")).getText(), "49 tasks on the board");
        assertTrue(browser.findElements(By.cssSelector("#overdue tbody tr")).size() > 0, "the overdue list");
        screenshot(browser, "board");
    }

    @Test
    @Order(2)
    void theOfficerSignsAndReportsSixtyPercentOnAPhone() throws IOException {
        WebDriver phone = browser(390, 844);
        login(phone, "officer-zwfwzx");
        wait(phone).until(ExpectedConditions.urlContains("/desk"));
        // the assignments reach the desk with the import; the lights with the events
        // an overdue one: the notice's 2021 work is red (another test's work of this unit is not due yet)
        WebElement card = wait(phone).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.light-red[data-status=ASSIGNED]")));
        assignmentId = card.getAttribute("id").substring(2);
        taskId = card.findElement(By.cssSelector("h2 a")).getAttribute("href").replaceFirst(".*/tasks/", "");
        screenshot(phone, "desk-phone");

        card.findElement(By.cssSelector("button.accept")).click();
        wait(phone).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#a-" + assignmentId + " .status"), "已签收"));

        // a program named .pdf: task-service detects it by content, and the page names the file in its refusal
        Path fake = Files.write(WORK.resolve("假材料.pdf"), "MZ\u0090\u0000 This program cannot be run in DOS mode.".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        phone.findElement(By.id("pct-" + assignmentId)).sendKeys("50");
        phone.findElement(By.id("narr-" + assignmentId)).sendKeys("附件有误的报送");
        phone.findElement(By.id("files-" + assignmentId)).sendKeys(fake.toAbsolutePath().toString());
        phone.findElement(By.cssSelector("#a-" + assignmentId + " form.report button")).click();
        wait(phone).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#a-" + assignmentId + " .error")));
        String refusal = phone.findElement(By.cssSelector("#a-" + assignmentId + " .error")).getText();
        assertTrue(refusal.contains("文件「假材料.pdf」") && refusal.contains("类型不被接受"), refusal);
        assertTrue(phone.findElement(By.cssSelector("#a-" + assignmentId + " .status")).getText().contains("已签收"), "nothing reported");

        phone.findElement(By.id("pct-" + assignmentId)).sendKeys("60");
        phone.findElement(By.id("narr-" + assignmentId)).sendKeys(NARRATIVE);
        pdf = Files.write(WORK.resolve(PDF_NAME), Pdf.onePage("Duban WebIT evidence"));
        phone.findElement(By.id("files-" + assignmentId)).sendKeys(pdf.toAbsolutePath().toString());
        assertTrue(phone.findElement(By.id("files-hint-" + assignmentId)).getText().contains("每个文件不超过 10 MB"),
                "the form names the per-file limit");
        phone.findElement(By.cssSelector("#a-" + assignmentId + " form.report button")).click();
        wait(phone).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#a-" + assignmentId + " .notice"), "进展已报送"));
        assertTrue(phone.findElement(By.cssSelector("#a-" + assignmentId + " .notice")).getText().contains("附佐证材料 1 个"));
        assertTrue(phone.findElement(By.cssSelector("#a-" + assignmentId + " .status")).getText().contains("已反馈"));
        assertEquals("60%", phone.findElement(By.cssSelector("#a-" + assignmentId + " .pct")).getText());
        WebElement file = phone.findElement(By.cssSelector("#a-" + assignmentId + " .evidence li"));
        assertTrue(file.getText().contains(PDF_NAME) && file.getText().contains(Files.size(pdf) + " 字节"),
                "the desk lists the report's file with its size: " + file.getText());
        assertTrue(file.findElement(By.cssSelector("code")).getAttribute("title").equals(sha256(Files.readAllBytes(pdf))),
                "the desk shows the file's SHA-256");
        assertTrue(phone.findElement(By.id("nav-inbox")).isDisplayed(), "the inbox link");
        screenshot(phone, "desk-phone-reported");

        // no page shows what the API would refuse: the county board is not a unit officer's
        assertTrue(phone.findElements(By.cssSelector("a[href='/board']")).isEmpty(), "no board link for an officer");
        phone.get(stack.web("/board").toString());
        assertTrue(phone.getPageSource().contains("无权查看此页面"), "the board refused to an officer");
    }

    @Test
    @Order(3)
    void theSupervisorsBoardShowsTheReport() throws IOException {
        assertTrue(assignmentId != null, "the officer's report ran first");
        WebDriver browser = office;
        browser.get(stack.web("/board/units/" + ZWFWZX).toString());
        By row = By.cssSelector("tr[data-assignment='" + assignmentId + "'] .pct");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return !browser.findElements(row).isEmpty() && browser.findElement(row).getText().equals("60%");
        });
        screenshot(browser, "board-unit");

        // the task page lists the report with its file; the file downloads for the supervisor, byte for byte
        browser.get(stack.web("/tasks/" + taskId).toString());
        WebElement link = wait(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#a-" + assignmentId + " .reports .evidence a")));
        assertEquals(PDF_NAME, link.getText());
        evidenceUrl = link.getAttribute("href");
        String expected = sha256(Files.readAllBytes(pdf));
        Map<String, Object> download = fetch(browser, evidenceUrl);
        assertEquals(200L, download.get("status"), "the supervisor downloads the file: " + download);
        assertEquals(expected, download.get("sha256"), "the bytes the supervisor receives are the officer's");
        assertTrue(String.valueOf(download.get("disposition")).contains("attachment"), "sent as an attachment: " + download);
        screenshot(browser, "task-evidence");
    }

    @Test
    @Order(4)
    void anotherUnitsOfficerIsRefusedTheFile() throws IOException {
        assertTrue(evidenceUrl != null, "the supervisor's download ran first");
        WebDriver other = browser(390, 844);
        login(other, "officer-wjj");
        wait(other).until(ExpectedConditions.urlContains("/desk"));
        Map<String, Object> refused = fetch(other, evidenceUrl);
        assertEquals(403L, refused.get("status"), "another unit's officer is refused: " + refused);
        assertTrue(!expectedHashIn(refused), "no bytes of the file");
        other.get(evidenceUrl);
        assertTrue(other.getPageSource().contains("无权下载此文件"), "the refusal as a page");
        screenshot(other, "evidence-refused");
    }

    @Test
    @Order(5)
    void thePublicSeesOnlyWhatTheOfficePublished() throws IOException {
        assertTrue(taskId != null, "the officer's report ran first");
        office.get(stack.web("/disclosure?planId=" + planId).toString());
        wait(office).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-task='" + taskId + "']")));
        office.findElement(By.id("publish-plan")).click();
        wait(office).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "本通知公开任务进展"));
        List<WebElement> rows = office.findElements(By.cssSelector("#disclosure-tasks tbody tr"));
        assertEquals(49, rows.size(), "the plan's 49 tasks");
        // a task whose only units are a group still to be designated has no assignment: the board does not know it yet
        long published = rows.stream().filter(r -> "PUBLIC".equals(r.getAttribute("data-status"))).count();
        assertTrue(published > 40, published + " of 49 tasks public");
        assertEquals("PUBLIC", office.findElement(By.cssSelector("tr[data-task='" + taskId + "']")).getAttribute("data-status"));
        // withdraw another task of the plan: it must be gone from the public page
        WebElement withdrawn = rows.stream().filter(r -> !taskId.equals(r.getAttribute("data-task"))
                && "PUBLIC".equals(r.getAttribute("data-status"))).findFirst().orElseThrow();
        String withdrawnId = withdrawn.getAttribute("data-task");
        String withdrawnIndex = withdrawn.findElements(By.tagName("td")).get(3).getText();
        withdrawn.findElement(By.cssSelector("input[name=reason]")).sendKeys("内容待核实");
        withdrawn.findElement(By.cssSelector("form.withdraw button")).click();
        wait(office).until(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-task='" + withdrawnId + "']"), "data-status", "WITHDRAWN"));
        screenshot(office, "disclosure-office");

        // a fresh browser, no login: the task's summary is there, the report's text is not (not marked public yet)
        WebDriver visitor = browser(1280, 900);
        visitor.get(stack.web("/public?planId=" + planId).toString());
        By item = By.cssSelector("article[data-kind=TASK]");
        wait(visitor).until(ExpectedConditions.presenceOfElementLocated(item));
        assertTrue(visitor.findElements(By.id("username")).isEmpty(), "no login for the public page");
        assertEquals(published - 1, visitor.findElements(item).size(), published + " published, 1 withdrawn");
        assertTrue(!visitor.getPageSource().contains(withdrawnIndex), "the withdrawn task's 索引号 is absent");
        assertTrue(!visitor.getPageSource().contains(NARRATIVE), "a report text not marked public is absent");
        assertTrue(!visitor.getPageSource().contains("officer-zwfwzx") && !visitor.getPageSource().contains(PDF_NAME),
                "no officer, no evidence file");
        for (String field : List.of("索引号", "信息名称", "内容概述", "发布机构", "生成日期", "公开日期", "公开方式", "主动公开")) {
            assertTrue(visitor.findElement(item).getText().contains(field), "catalogue field " + field);
        }

        // the office marks the officer's report public; the public page then shows it
        office.get(stack.web("/disclosure/tasks/" + taskId).toString());
        By publishReport = By.cssSelector("#disclosure-reports li[data-public=false] button");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            office.navigate().refresh(); // the report's text reaches supervision-service by event
            return !office.findElements(publishReport).isEmpty();
        });
        office.findElement(publishReport).click();
        wait(office).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#disclosure-reports li[data-public=true]")));

        visitor.navigate().refresh();
        assertTrue(visitor.getPageSource().contains(NARRATIVE), "the report text marked public is shown");
        assertTrue(!visitor.getPageSource().contains(withdrawnIndex), "the withdrawn task stays absent");
        for (String feed : List.of("disclosure.json", "disclosure.csv", "disclosure.atom")) {
            WebElement a = visitor.findElement(By.cssSelector("#feeds a[href^='/public/" + feed + "']"));
            Map<String, Object> got = fetch(visitor, a.getAttribute("href"));
            assertEquals(200L, got.get("status"), feed);
            String text = String.valueOf(got.get("text"));
            assertTrue(text.contains(NARRATIVE) && !text.contains(withdrawnIndex), feed + " shows what is public only");
        }
        screenshot(visitor, "public");
    }

    @Test
    @Order(6)
    void theLeaderReadsTheBoardButCannotImport() {
        WebDriver browser = browser(1280, 900);
        login(browser, "leader");
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("totals")));
        assertTrue(number(browser, "total-assignments") > 0, "the leader reads the overview");
        assertTrue(browser.findElements(By.cssSelector("a[href='/import']")).isEmpty(), "no import link for a leader");
        browser.get(stack.web("/import").toString());
        assertTrue(browser.getPageSource().contains("无权查看此页面"), "the import page refused to a leader");
    }

    static String evidenceUrl;

    /**
     * GET {@code url} from inside the page (the browser's own cookies): the status, Content-Disposition, the body's SHA-256
     * (Web Crypto) and, for text, the body.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fetch(WebDriver browser, String url) {
        Object result = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'}).then(async r => {
                  const bytes = await r.arrayBuffer();
                  const digest = await crypto.subtle.digest('SHA-256', bytes);
                  const hex = Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, '0')).join('');
                  done({status: r.status, disposition: r.headers.get('Content-Disposition'), sha256: hex,
                        text: new TextDecoder().decode(bytes)});
                }).catch(e => done({status: -1, error: String(e)}));
                """, url);
        return (Map<String, Object>) result;
    }

    boolean expectedHashIn(Map<String, Object> answer) throws IOException {
        return sha256(Files.readAllBytes(pdf)).equals(answer.get("sha256"));
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A small real PDF written by hand (no PDF library on this module's test classpath): one page with one line of text,
     * the cross-reference table at the byte offsets of its objects, so a PDF reader opens it and Tika detects it by content.
     */
    static final class Pdf {
        static byte[] onePage(String text) {
            String content = "BT /F1 18 Tf 20 100 Td (" + text + ") Tj ET";
            List<String> objects = List.of(
                    "<< /Type /Catalog /Pages 2 0 R >>",
                    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                    "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
            StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
            List<Integer> offsets = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                offsets.add(pdf.length()); // ASCII only: characters are bytes
                pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
            }
            int xref = pdf.length();
            pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
            offsets.forEach(o -> pdf.append(String.format(Locale.ROOT, "%010d 00000 n \n", o)));
            pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                    .append("\n%%EOF\n");
            return pdf.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    static WebDriver browser(int width, int height) {
        WebDriver browser = stack.browser(width, height);
        BROWSERS.add(browser);
        return browser;
    }

    static void login(WebDriver browser, String user) {
        stack.login(browser, user);
    }

    static WebDriverWait wait(WebDriver browser) {
        return BrowserStack.wait(browser);
    }

    static int number(WebDriver browser, String id) {
        return Integer.parseInt(browser.findElement(By.id(id)).getText().trim());
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        BrowserStack.screenshot(WORK, browser, name);
    }
}
