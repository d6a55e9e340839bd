package org.duban.web.queue;

import java.util.LinkedHashMap;
import java.util.Map;

/** The work queue's kinds in the office's words, in the order the page lists their counts. */
final class Kinds {

    static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("EXTENSION_REQUEST", "延期申请待审批");
        LABELS.put("RETURNED", "退回待改派");
        LABELS.put("REPORT_REVIEW", "进展反馈待复核");
        LABELS.put("RECTIFICATION_REVIEW", "整改报告待复核");
        LABELS.put("PROVINCIAL_TASK", "省级任务待签收");
        LABELS.put("PROVINCE_URGED", "省级催办待回复");
        LABELS.put("PROVINCE_SUPERVISED", "省级督办待回复");
    }

    private Kinds() {
    }
}
