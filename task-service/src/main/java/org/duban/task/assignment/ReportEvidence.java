package org.duban.task.assignment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.task.ProgressReported;

/**
 * What a progress report (反馈) needs of the evidence feature: its uploads attached to the report, in the report's
 * transaction. Declared here and implemented by {@code evidence/Evidence}, so that evidence depends on assignments and
 * not the other way round (no package cycle, issue 23).
 */
public interface ReportEvidence {

    /**
     * The report {@code reportId} of assignment {@code a} attaches these uploads; the answer is what the report's
     * {@code ProgressReported} lists, or null when nothing is attached.
     */
    List<ProgressReported.EvidenceFile> attach(Assignment a, UUID reportId, List<UUID> ids, Instant now);
}
