package org.duban.provincesim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provincial task of the seed document (/work/shared/seeds/003_5417bdf0b6032d96.txt), as the fixture resource
 * {@code seed-tasks.json} holds it: the payload of its {@code TASK_ISSUE} plus the province's serial number.
 * {@code documentNumber} is null: the document prints none, so its title is its identity.
 */
public record SeedTask(String provTaskId, String documentNumber, String documentTitle, String sectionLabel,
        String sectionTitle, String taskNumber, String title, String text, String leadDepartment,
        String responsibleDepartments, String deadlineText, String deadline, String reportCadence, int reportDay) {

    /** The TASK_ISSUE payload of docs/province-api.md §4, field for field (nulls kept). */
    public Map<String, Object> issuePayload() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("documentNumber", documentNumber);
        p.put("documentTitle", documentTitle);
        p.put("sectionLabel", sectionLabel);
        p.put("sectionTitle", sectionTitle);
        p.put("taskNumber", taskNumber);
        p.put("title", title);
        p.put("text", text);
        p.put("leadDepartment", leadDepartment);
        p.put("responsibleDepartments", responsibleDepartments);
        p.put("deadlineText", deadlineText);
        p.put("deadline", deadline);
        p.put("reportCadence", reportCadence);
        p.put("reportDay", reportDay);
        return p;
    }
}
