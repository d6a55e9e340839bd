package org.duban.web.evidence;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/**
 * A file's size and hash as the pages write them: {@code 1.5 MB}, {@code 820 KB}, {@code 312 字节} (binary units, as the
 * limits are set); in a template {@code {file:size(f.size)}} and {@code {file:shortHash(f.sha256)}}.
 */
public final class Sizes {

    private Sizes() {
    }

    @TemplateExtension(namespace = "file")
    public static String size(Object bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            return human(Long.parseLong(bytes.toString()));
        } catch (NumberFormatException e) {
            return bytes.toString();
        }
    }

    /** The first 12 hex digits, enough to compare by eye; the whole hash is in the title. */
    @TemplateExtension(namespace = "file")
    public static String shortHash(Object hash) {
        if (hash == null) {
            return "";
        }
        String h = hash.toString();
        return h.length() <= 12 ? h : h.substring(0, 12) + "…";
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " 字节";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0).replace(".0 ", " ");
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024)).replace(".0 ", " ");
    }
}
