package org.duban.events;

/**
 * How the catalogue's enums read a wire value tolerantly. An event's coded field (a role, a due kind, how a miss was
 * recovered, a card colour) stays a {@code String} on the record — the value as the producer wrote it, kept and written
 * back unchanged — and the record offers it typed through its enum's {@code of(String)}: a value this version does not
 * know reads as the enum's {@code UNKNOWN}, never as an error, so a producer may add a value before its consumers learn it.
 */
public final class WireEnum {
    private WireEnum() {
    }

    /** The constant named {@code wire}; {@code whenAbsent} for null; {@code unknown} for a name the enum does not have. */
    public static <E extends Enum<E>> E read(Class<E> type, String wire, E whenAbsent, E unknown) {
        if (wire == null) {
            return whenAbsent;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant != unknown && constant.name().equals(wire)) {
                return constant;
            }
        }
        return unknown;
    }
}
