package org.duban.task.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.util.IOUtils;
import org.jboss.logging.Logger;

import org.duban.platform.problem.Problem;

/**
 * The zip container of a .docx/.xlsx, opened with bounds. Format detection reads only the central directory (nothing
 * is inflated). Before POI sees a file, {@link #check} inflates each part once into a counter, stopping at the first
 * limit: POI's own guard ({@link ZipSecureFile}: inflate ratio, entry size, entry count, all set here from the same
 * settings) is per part and counts nothing across parts, so a file of many parts each under the limit, or of central
 * directory entries sharing one deflated stream (the "better zip bomb"), would pass it. POI then opens the package
 * from a temporary file, so it inflates lazily, part by part, under {@code ZipSecureFile} again.
 */
final class OfficeZip {

    private static final Logger LOG = Logger.getLogger(OfficeZip.class);

    /** POI's grace size: a part smaller than this is never judged by its inflate ratio (tiny parts compress oddly). */
    private static final long GRACE = 100 * 1024;

    private OfficeZip() {
    }

    /** The part names of the zip's central directory, or null when the body is no readable zip. Inflates nothing. */
    static List<String> names(byte[] body) {
        try (ZipFile zip = open(body)) {
            List<String> names = new ArrayList<>();
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements();) {
                names.add(e.nextElement().getName());
            }
            return names;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every part inflated once into a counter: refused at the first part or total over its limit, or a zip bomb. */
    static void check(byte[] body, ReadingBounds bounds, String kind) {
        long total = 0;
        int parts = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile zip = open(body)) {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements();) {
                ZipArchiveEntry entry = e.nextElement();
                if (++parts > bounds.maxZipEntries) {
                    throw ReadingBounds.tooLarge("duban.importer.max-zip-entries", bounds.maxZipEntries, 0,
                            "the " + kind + " file has more than " + bounds.maxZipEntries + " parts");
                }
                if (entry.getSize() > bounds.maxEntryBytes) {
                    throw entryTooLarge(entry, entry.getSize(), bounds, kind);
                }
                long size = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        size += n;
                        total += n;
                        if (size > bounds.maxEntryBytes) {
                            throw entryTooLarge(entry, size, bounds, kind);
                        }
                        if (total > bounds.maxUnzippedBytes) {
                            throw ReadingBounds.tooLarge("duban.importer.max-unzipped-bytes", bounds.maxUnzippedBytes, 0,
                                    "the " + kind + " file inflates to more than " + bounds.maxUnzippedBytes + " bytes");
                        }
                        if (size > GRACE && (double) entry.getCompressedSize() / size < bounds.minInflateRatio) {
                            throw ReadingBounds.tooLarge("duban.importer.min-inflate-ratio", 0, 0, "the part " + entry.getName()
                                    + " inflates more than " + Math.round(1 / bounds.minInflateRatio)
                                    + " times its compressed size: a zip bomb, refused").with("limit", bounds.minInflateRatio);
                        }
                    }
                }
                bounds.tick(0);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Problem p) {
                throw p;
            }
            LOG.infof("unreadable %s upload: %s", kind, e.toString());
            throw Problem.invalidField("document", "not a readable " + kind + " file (a damaged zip container)");
        }
    }

    private static Problem entryTooLarge(ZipArchiveEntry entry, long size, ReadingBounds bounds, String kind) {
        return ReadingBounds.tooLarge("duban.importer.max-unzipped-entry-bytes", bounds.maxEntryBytes, 0, "the part "
                + entry.getName() + " of the " + kind + " file inflates to more than " + bounds.maxEntryBytes + " bytes");
    }

    /** What POI reads from the package, opened read-only from a temporary file under ZipSecureFile's limits. */
    interface Reader<T> {
        T read(OPCPackage pkg) throws Exception;
    }

    static <T> T read(byte[] body, ReadingBounds bounds, String kind, Reader<T> reader) {
        check(body, bounds, kind);
        secure(bounds);
        Path file = null;
        OPCPackage pkg = null;
        try {
            file = Files.createTempFile("duban-import-", ".zip");
            Files.write(file, body);
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
            return reader.read(pkg);
        } catch (Problem p) {
            throw p;
        } catch (Exception | StackOverflowError e) {
            // the parser's message (and any XML it quotes) stays in the log, not in the answer
            LOG.infof("unreadable %s upload: %s", kind, e.toString());
            throw Problem.invalidField("document", "not a readable " + kind + " document");
        } finally {
            if (pkg != null) {
                pkg.revert();
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("could not delete %s: %s", file, e);
                }
            }
        }
    }

    /** POI's process-wide limits, from the importer's settings (idempotent: every import sets the same values). */
    static void secure(ReadingBounds bounds) {
        ZipSecureFile.setMinInflateRatio(bounds.minInflateRatio);
        ZipSecureFile.setMaxEntrySize(bounds.maxEntryBytes);
        ZipSecureFile.setMaxFileCount(bounds.maxZipEntries);
        IOUtils.setByteArrayMaxOverride((int) Math.min(Integer.MAX_VALUE, bounds.maxEntryBytes));
    }

    private static ZipFile open(byte[] body) throws IOException {
        return ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(body)).get();
    }
}
