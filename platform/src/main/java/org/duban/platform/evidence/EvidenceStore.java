package org.duban.platform.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.bouncycastle.crypto.digests.SM3Digest;

import io.agroal.api.AgroalDataSource;

/**
 * The bytes of evidence files in PostgreSQL, in chunks of {@code duban.evidence.chunk-bytes}: an upload is read from its
 * file on disk one chunk at a time, hashed (SHA-256 and SM3) and inserted as it goes; a download reads one chunk at a
 * time. Neither holds more than a chunk in memory. Plain JDBC on the transaction's connection: Hibernate would load a
 * bytea whole.
 *
 * <p>The table is the service's own, in its own database, always named {@code evidence_chunk} with the shape
 * {@code (file_id uuid, seq int, data bytea, primary key (file_id, seq))}, its {@code file_id} referencing the service's
 * {@code evidence_file} row (deferred: the chunks are written first, the row with the hashes after them). What a file
 * belongs to (an assignment, a rectification) is the service's business, so the file table's other columns and both
 * migrations stay in the service (task-service V38, supervision-service V15) rather than in a platform migration folder:
 * the chunk table's foreign key names the service's file table, which a platform migration running before it could not.
 */
@ApplicationScoped
public class EvidenceStore {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EvidenceConfig config;

    /** What was written: the number of chunks and the hashes of the whole file (hex, lower case). */
    public record Written(long size, int chunks, String sha256, String sm3) {
    }

    /** An upload as stored: the safe name, the type read from the bytes, the size, chunks and digests (hex, lower case). */
    public record Stored(String name, String contentType, long size, int chunks, String sha256, String sm3) {
    }

    /**
     * Stores an upload under {@code fileId} in the caller's transaction: its name made safe ({@link EvidenceLimits#fileName}),
     * its type read from its bytes (415 when not accepted, {@link EvidenceTypes}), its bytes written in chunks with their
     * digests. The caller has checked the upload ({@link EvidenceLimits#requireReceived}) and writes the file's row after.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored store(UUID fileId, EvidenceUploadRoute.Upload upload) {
        String name = EvidenceLimits.fileName(upload.fileName());
        String type = EvidenceTypes.require(upload.file(), name);
        Written written = write(fileId, upload.file());
        return new Stored(name, type, written.size(), written.chunks(), written.sha256(), written.sm3());
    }

    /** Writes the file's chunks under {@code fileId} in the caller's transaction (the file's row follows: deferred key). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Written write(UUID fileId, Path file) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        SM3Digest sm3 = new SM3Digest();
        byte[] buffer = new byte[config.chunkBytes()];
        long size = 0;
        int seq = 0;
        try (InputStream in = Files.newInputStream(file); Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("insert into evidence_chunk (file_id, seq, data) values (?, ?, ?)")) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                sha256.update(buffer, 0, n);
                sm3.update(buffer, 0, n);
                insert.setObject(1, fileId);
                insert.setInt(2, seq++);
                insert.setBinaryStream(3, new java.io.ByteArrayInputStream(buffer, 0, n), n);
                insert.executeUpdate();
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store evidence file " + fileId, e);
        }
        byte[] sm3Hash = new byte[sm3.getDigestSize()];
        sm3.doFinal(sm3Hash, 0);
        return new Written(size, seq, HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sm3Hash));
    }

    /** Copies the file's chunks to {@code out}, one chunk in memory at a time (a connection of its own, no transaction). */
    public void copy(UUID fileId, int chunks, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select data from evidence_chunk where file_id = ? and seq = ?")) {
            for (int seq = 0; seq < chunks; seq++) {
                select.setObject(1, fileId);
                select.setInt(2, seq);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new IOException("evidence file " + fileId + " lacks chunk " + seq);
                    }
                    out.write(rs.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read evidence file " + fileId, e);
        }
    }

    /** Discards an upload: its bytes deleted, its row marked with who and when (the row stays). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void discard(StoredFile f, String by, java.time.Instant at) {
        delete(f.id);
        f.discardedAt = at;
        f.discardedBy = by;
    }

    /** Deletes the bytes of a file (its row stays). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(UUID fileId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("delete from evidence_chunk where file_id = ?")) {
            delete.setObject(1, fileId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete evidence file " + fileId, e);
        }
    }
}
