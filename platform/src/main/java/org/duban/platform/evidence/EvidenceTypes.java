package org.duban.platform.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

import org.duban.platform.problem.Problem;

/**
 * Which evidence files are accepted, read from their bytes: PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx). Apache Tika's
 * detector (tika-core, its magic-number database {@code tika-mimetypes.xml}) reads the first bytes; the file name only
 * refines a type the bytes already show (a zip named {@code .docx} is a Word document for Tika), never overrides it: an
 * executable named {@code report.pdf} is {@code application/x-msdownload} and refused.
 *
 * <p>Office files are zip packages, and telling a Word package from any zip is the work of Tika's container detector,
 * which lives in its parser modules (tika-parsers-standard, dozens of dependencies). Instead the package is opened with the
 * JDK's {@link ZipFile} (its central directory only, nothing inflated) and must hold the part that makes it what its
 * type says ({@code word/document.xml}, {@code xl/workbook.xml}) beside {@code [Content_Types].xml}.
 */
public final class EvidenceTypes {

    public static final String PDF = "application/pdf";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Accepted types and, for Office packages, the part they must contain. */
    private static final Map<String, String> ACCEPTED = Map.of(PDF, "", PNG, "", JPEG, "", DOCX, "word/document.xml", XLSX,
            "xl/workbook.xml");

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();

    private EvidenceTypes() {
    }

    /** The file's type as its bytes show it; 415 problem naming {@code file} when it is not an accepted one. */
    public static String require(Path file, String name) {
        String type = detect(file, name);
        String part = ACCEPTED.get(type);
        if (part == null) {
            throw unsupported("the file's content is " + type + " (read from its bytes, whatever its name says)", type);
        }
        if (!part.isEmpty() && !holds(file, part)) {
            throw unsupported("the file is named like an Office document but is not a " + (DOCX.equals(type) ? "Word" : "Excel")
                    + " package (no " + part + ")", "application/zip");
        }
        return type;
    }

    public static String detect(Path file, String name) {
        Metadata metadata = new Metadata();
        if (name != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        }
        try (TikaInputStream in = TikaInputStream.get(file)) {
            MediaType type = TYPES.detect(in, metadata);
            return type.getBaseType().toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the upload " + file, e);
        }
    }

    private static boolean holds(Path file, String part) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("[Content_Types].xml") != null && zip.getEntry(part) != null;
        } catch (IOException e) {
            return false; // not a readable zip at all
        }
    }

    private static Problem unsupported(String detail, String detected) {
        String message = detail + "; accepted: PDF, PNG, JPEG, Word (.docx), Excel (.xlsx)";
        return new Problem(415, "Unsupported Media Type", message).with("detectedType", detected)
                .with("errors", java.util.List.of(Map.of("field", "file", "message", message)));
    }
}
