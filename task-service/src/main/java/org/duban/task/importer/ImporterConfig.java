package org.duban.task.importer;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.importer.*}: where unit-service answers name resolution, and how big a document may be. */
@ConfigMapping(prefix = "duban.importer")
public interface ImporterConfig {

    /** unit-service's base URL; the importer calls {@code POST /api/units/resolve} there. */
    @WithDefault("http://localhost:8081")
    URI unitServiceUrl();

    /** How long one resolve call may take before the import fails with 503. */
    @WithDefault("PT10S")
    Duration resolveTimeout();

    /**
     * Most resolve calls in flight from one instance, all imports together: well under unit-service's own limit of
     * requests in flight ({@code duban.http.load-shedding.max-concurrent}, 48), past which it answers 503.
     */
    @WithDefault("8")
    int resolveConcurrency();

    /**
     * The level of the government this service supervises for (a county's 督查室: COUNTY). A plan of this level assigns
     * its tasks; a plan of another level (the province's, the city's work points and notices) is an upstream plan,
     * imported as a reference to link to.
     */
    @WithDefault("COUNTY")
    org.duban.task.plan.Plan.Level homeLevel();

    /** Largest document accepted, in bytes (5 MiB); larger uploads get 413. */
    @WithDefault("5242880")
    int maxDocumentBytes();

    /** Longest line of a text document, in characters; a longer line is refused (413). */
    @WithDefault("4000")
    int maxLineChars();

    /** Longest table cell (text, Word or Excel), in characters. */
    @WithDefault("4000")
    int maxCellChars();

    /** Most lines a text document may have. */
    @WithDefault("20000")
    int maxLines();

    /** Most table rows a document may have (all annexes together; an Excel row number beyond it is refused too). */
    @WithDefault("5000")
    int maxRows();

    /** Most columns a table row may reach (a cell in column XFD reaches 16,384). */
    @WithDefault("64")
    int maxColumns();

    /** Time budget of reading a document (before unit names are resolved); past it the import answers 422. */
    @WithDefault("PT1S")
    java.time.Duration maxParseTime();

    /** Largest part of a .docx/.xlsx once inflated (word/document.xml, a sheet), in bytes (4 MiB). */
    @WithDefault("4194304")
    long maxUnzippedEntryBytes();

    /** Largest .docx/.xlsx once inflated, all parts together, in bytes (16 MiB). */
    @WithDefault("16777216")
    long maxUnzippedBytes();

    /** Most parts (zip entries) a .docx/.xlsx may have. */
    @WithDefault("500")
    int maxZipEntries();

    /** Smallest compressed/inflated ratio of a part (POI's ZipSecureFile min inflate ratio): below it, a zip bomb. */
    @WithDefault("0.01")
    double minInflateRatio();
}
