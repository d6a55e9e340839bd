package org.duban.testing;

import java.util.List;
import java.util.UUID;

import org.duban.events.unit.UnitSnapshot;

/** Snapshots as unit-service writes them, for tests of the services that keep a unit replica. */
public final class UnitSnapshots {

    private UnitSnapshots() {
    }

    /** A county department (县直部门) in its {@code version}-th state. */
    public static UnitSnapshot active(UUID unitId, long version, String name, String... aliases) {
        return new UnitSnapshot(unitId, version, name, List.of(aliases), "GOVERNMENT_DEPARTMENT", "COUNTY", null, null,
                "ACTIVE", null, List.of(), null);
    }

    /** The same unit after it was merged into {@code survivorId} (机构合并). */
    public static UnitSnapshot merged(UUID unitId, long version, String name, UUID survivorId) {
        return new UnitSnapshot(unitId, version, name, List.of(), "GOVERNMENT_DEPARTMENT", "COUNTY", null, null,
                "MERGED", survivorId, List.of(), null);
    }
}
