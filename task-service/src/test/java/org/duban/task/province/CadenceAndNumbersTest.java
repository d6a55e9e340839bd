package org.duban.task.province;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.task.plan.Task;
import org.duban.task.plan.UpstreamLinks;
import org.junit.jupiter.api.Test;

/** The pure parts of provincial tasks: reporting periods, printed numbers and the similarity rule of the links. */
class CadenceAndNumbersTest {

    @Test
    void theLatestPeriodWhoseReportDayHasComeInBeijingTime() {
        // 2021-09-24T16:00Z is 2021-09-25 00:00 in Beijing: September is due
        assertEquals(new ProgressSchedule.Due("2021-09", Instant.parse("2021-09-24T16:00:00Z")),
                ProgressSchedule.latestDue("MONTHLY", 25, Instant.parse("2021-09-24T16:00:00Z")));
        assertEquals("2021-08", ProgressSchedule.latestDue("MONTHLY", 25, Instant.parse("2021-09-24T15:59:59Z")).period());
        assertEquals("2021-Q3", ProgressSchedule.latestDue("QUARTERLY", 25, Instant.parse("2021-11-01T00:00:00Z")).period());
        assertEquals("2021-Q2", ProgressSchedule.latestDue("QUARTERLY", 25, Instant.parse("2021-09-20T00:00:00Z")).period());
        assertEquals("2021-H1", ProgressSchedule.latestDue("HALF_YEARLY", 25, Instant.parse("2021-12-01T00:00:00Z")).period());
        assertEquals("2021", ProgressSchedule.latestDue("YEARLY", 25, Instant.parse("2022-01-01T00:00:00Z")).period());
        assertEquals("2021-02", ProgressSchedule.latestDue("MONTHLY", 31, Instant.parse("2021-02-28T01:00:00Z")).period(),
                "a report day past the month's end is its last day");
        assertNull(ProgressSchedule.latestDue("NONE", 25, Instant.parse("2021-09-30T00:00:00Z")));
    }

    @Test
    void printedNumbersReadAsTheImporterStoresThem() {
        assertEquals("（十二）", Numbers.normalise("(十二)"));
        assertEquals("（六）", Numbers.normalise("六"));
        assertEquals(12, Numbers.value("（十二）"));
        assertEquals(10, Numbers.value("十"));
        assertEquals(34, Numbers.value("（三十四）"));
        assertEquals(2, Numbers.value("二、"));
        assertEquals(0, Numbers.value("正文"));
    }

    @Test
    void linksPairBestFirstOneToOneAboveTheThreshold() {
        Task c1 = task("推进政务服务事项标准化，编制实施清单");
        Task c2 = task("完善政务公开平台");
        Task p1 = task("全面推进政务服务事项标准化，统一编制实施清单");
        Task p2 = task("推进政务服务事项");
        Task p3 = task("加强乡村振兴");
        List<UpstreamLinks.Link> links = UpstreamLinks.match(List.of(c1, c2), List.of(p1, p2, p3));
        assertEquals(1, links.size(), links.toString());
        assertEquals(c1, links.get(0).county());
        assertEquals(p1, links.get(0).provincial(), "the better of two candidates");
    }

    private static Task task(String title) {
        Task t = new Task();
        t.id = UUID.randomUUID();
        t.title = title;
        return t;
    }
}
