package org.duban.province.message;

import java.util.Optional;

/** The message types of docs/province-api.md §4 (province → county) and §5 (county → province). */
public enum MessageType {
    TASK_ISSUE(true), URGE(true), SUPERVISE(true), EXTENSION_DECISION(true), REVIEW_RESULT(true), TASK_REVOKE(true),
    RECEIPT(false), RETURN(false), PROGRESS(false), EXTENSION_REQUEST(false), COMPLETE(false);

    private final boolean fromProvince;

    MessageType(boolean fromProvince) {
        this.fromProvince = fromProvince;
    }

    /** Whether the province sends it to the county. */
    public boolean fromProvince() {
        return fromProvince;
    }

    public static Optional<MessageType> of(String name) {
        for (MessageType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
