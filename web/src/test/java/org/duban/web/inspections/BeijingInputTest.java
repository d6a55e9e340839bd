package org.duban.web.inspections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a form's date inputs mean: Beijing wall-clock time, a day until its end. */
class BeijingInputTest {

    @Test
    void aDayEndsAtMidnightInBeijing() {
        assertEquals("2027-06-30T15:59:59Z", BeijingInput.endOfDay("2027-06-30"));
        assertNull(BeijingInput.endOfDay(" "));
        assertEquals("30/06/2027", BeijingInput.endOfDay("30/06/2027"), "passed on: the service names the field");
    }

    @Test
    void aLocalTimeIsBeijingTime() {
        assertEquals("2027-06-30T01:30:00Z", BeijingInput.dateTime("2027-06-30T09:30"));
        assertNull(BeijingInput.dateTime(null));
    }

    @Test
    void checklistOnePointPerLine() {
        assertEquals(List.of("台账是否齐全", "整改是否到位"), InspectionsPage.lines("台账是否齐全\r\n\n  整改是否到位  \n"));
    }

    @Test
    void statesInWords() {
        assertEquals("暗访督查", InspectionWords.kind("UNANNOUNCED"));
        assertEquals("已取消", InspectionWords.status("CANCELLED"));
        assertEquals("已报告，待复核", InspectionWords.rectification("REPORTED"));
    }
}
