package org.duban.web.inspections;

import io.quarkus.qute.TemplateExtension;

/** 督查 and 整改 states in the office's words: {@code {inspection:kind(i.kind)}} etc. */
@TemplateExtension(namespace = "inspection")
public class InspectionWords {

    public static String kind(Object kind) {
        return switch (String.valueOf(kind)) {
            case "REGULAR" -> "例行督查";
            case "UNANNOUNCED" -> "暗访督查";
            default -> String.valueOf(kind);
        };
    }

    public static String status(Object status) {
        return switch (String.valueOf(status)) {
            case "SCHEDULED" -> "已安排";
            case "CANCELLED" -> "已取消";
            default -> String.valueOf(status);
        };
    }

    public static String rectification(Object status) {
        return switch (String.valueOf(status)) {
            case "ORDERED" -> "待整改";
            case "REPORTED" -> "已报告，待复核";
            case "CLOSED" -> "已销号";
            default -> String.valueOf(status);
        };
    }
}
