package org.duban.web.extensions;

import io.quarkus.qute.TemplateExtension;

/** An extension request's state in the office's words: {@code {extension:status(e.status)}}. */
@TemplateExtension(namespace = "extension")
public class ExtensionWords {

    public static String status(Object status) {
        if (status == null) {
            return "";
        }
        return switch (status.toString()) {
            case "PENDING" -> "待审批";
            case "APPROVED" -> "已同意";
            case "REJECTED" -> "未同意";
            default -> status.toString();
        };
    }
}
