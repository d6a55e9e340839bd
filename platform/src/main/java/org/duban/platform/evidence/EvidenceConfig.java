package org.duban.platform.evidence;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code duban.evidence.*}: the limits of evidence files (佐证材料) and where uploads wait while they are checked. The same
 * settings in every service that takes evidence files (task-service's progress reports, supervision-service's
 * rectification reports); each service may set its own values in its application.properties.
 */
@ConfigMapping(prefix = "duban.evidence")
public interface EvidenceConfig {

    /** One file at most this many bytes (default 10 MiB): 413 above it. */
    @WithDefault("10485760")
    long maxFileBytes();

    /** All files of one report together at most this many bytes (default 30 MiB): 413 above it. */
    @WithDefault("31457280")
    long maxReportBytes();

    /** At most this many files per report (default 10): 413 above it. */
    @WithDefault("10")
    int maxReportFiles();

    /** At most this many uploads of one owner (an assignment, a rectification) waiting for a report (default 20): 409 above it. */
    @WithDefault("20")
    int maxPendingFiles();

    /** Chunk size of the stored bytes (default 256 KiB): what a download holds in memory at a time. */
    @WithDefault("262144")
    int chunkBytes();

    /** Where an upload waits on disk while it is checked and stored (default: the JVM's temporary directory). */
    Optional<String> uploadDirectory();
}
