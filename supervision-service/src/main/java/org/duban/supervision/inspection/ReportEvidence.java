package org.duban.supervision.inspection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.supervision.RectificationReported;

/**
 * What a rectification report (整改报告) needs of the evidence feature: the unit's uploads attached to the report, in the
 * report's transaction. Declared here and implemented by {@code evidence/RectificationEvidence}, so that evidence depends
 * on inspections and not the other way round (no package cycle, PackageRulesTest).
 */
public interface ReportEvidence {

    /**
     * The report of rectification {@code r} made at {@code now} attaches these uploads (400 naming
     * {@code evidenceFileIds[i]} for one that is not a waiting upload of this rectification, 413 over the limits); the
     * answer is what its {@code RectificationReported} lists, or null when nothing is attached.
     */
    List<RectificationReported.EvidenceFile> attach(Rectification r, List<UUID> ids, Instant now);
}
