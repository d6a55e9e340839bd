package org.duban.platform.net;

/**
 * A failed call's cause chain as one short line for a log or a delivery row ({@code Type: message ← Cause: message}), the
 * same wherever a service records why a send failed (notification-service's deliveries, province-gateway's outbound
 * messages). Hand-written: commons-lang's {@code ExceptionUtils} gives the whole stack trace or the root cause's message
 * only, not the chain of types and messages in one bounded line.
 */
public final class Causes {

    private Causes() {
    }

    /** {@code e} and its causes, outermost first, cut after about 1000 characters (a cause that is itself ends the chain). */
    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) {
                out.append(" ← ");
            }
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }
}
