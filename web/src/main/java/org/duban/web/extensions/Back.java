package org.duban.web.extensions;

/**
 * Where a form sends the user back to after an action: a path of this site only (it starts with one "/"), so a posted
 * value can never redirect elsewhere.
 */
public final class Back {

    private Back() {
    }

    public static String to(String back, String fallback) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\") || back.contains("\r")
                || back.contains("\n") || back.length() > 500) {
            return fallback;
        }
        return back;
    }
}
