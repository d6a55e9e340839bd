package org.duban.notification.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.notification.support.MailServer;
import org.duban.testing.RealInfrastructure;

/**
 * Every notice type rendered from its fixture, and again with each filled-in value ending its own sentence (a reason
 * typed as "进度滞后。"), read as a civil servant reads it (issue 22): no doubled sentence marks, no "已未获同意" /
 * "已已获同意", no ISO instant in prose, no placeholder or "null" left, a subject on its own line.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class ChineseNoticesTest {

    private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d");
    private static final List<String> SLIPS = List.of("。。", "；。", "。；", "已未", "已已", "null", "{", "}");

    @Inject
    Notices notices;

    @Test
    void everyNoticeReadsAsCorrectChinese() {
        for (NoticeType type : NoticeType.values()) {
            List<Notices.Rendered> items = type == NoticeType.DIGEST
                    ? List.of(notices.render(NoticeType.ASSIGNED, NoticeType.ASSIGNED.sample())) : List.of();
            check(type, notices.render(type, type.sample(), items));
            Map<String, String> ending = new LinkedHashMap<>();
            type.sample().forEach((name, value) -> ending.put(name, value.isEmpty() || !Character.isLetter(value.codePointAt(value.length() - 1))
                    && !Character.isIdeographic(value.codePointAt(value.length() - 1)) ? value : value + "。"));
            check(type, notices.render(type, ending, items));
        }
    }

    @Test
    void anExtensionSaysWhetherItWasGrantedOnce() {
        Map<String, String> refused = new LinkedHashMap<>(NoticeType.EXTENSION.sample());
        refused.put("decision", "未获同意");
        refused.put("note", "审批意见：理由不充分。");
        Notices.Rendered r = notices.render(NoticeType.EXTENSION, refused);
        assertEquals("延期申请未获同意：建设“互联网+督查”平台", r.subject());
        assertEquals("贵单位关于“建设“互联网+督查”平台”的延期申请未获同意，现行完成时限：2022年3月31日。审批意见：理由不充分。", r.text());
    }

    private static void check(NoticeType type, Notices.Rendered r) {
        String all = r.subject() + "\n" + r.text();
        for (String slip : SLIPS) {
            assertFalse(all.contains(slip), type + " says “" + slip + "”: " + all);
        }
        assertFalse(ISO_INSTANT.matcher(all).find(), type + " has an ISO instant in prose: " + all);
        assertFalse(r.subject().isBlank() || r.subject().contains("\n"), type + " subject: " + r.subject());
    }
}
