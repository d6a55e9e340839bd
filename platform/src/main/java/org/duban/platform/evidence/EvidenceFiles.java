package org.duban.platform.evidence;

import java.time.Clock;
import java.util.UUID;
import java.util.function.LongSupplier;

import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;

/**
 * The steps every service takes with its evidence files (佐证材料) the same way: an upload checked and stored under a new
 * id ({@link #stored}), a file read by id ({@link #readable}: 404 to whoever may not read it, whether it exists or not),
 * an upload no report names discarded by its unit or the office ({@link #discard}: 409 once a report names it). A
 * service's subclass (an {@code @ApplicationScoped} bean) adds what a file belongs to and its own rules: who may read a
 * file ({@link #mayRead}), which report names it ({@link #attachedTo}), how the actor is written ({@link #actor}) and what
 * else a discard records ({@link #discarded}).
 */
public abstract class EvidenceFiles<F extends StoredFile> {

    @Inject
    protected EvidenceStore store;

    @Inject
    protected EvidenceConfig config;

    @Inject
    protected CallerUnit caller;

    @Inject
    protected SecurityIdentity identity;

    @Inject
    protected Clock clock;

    private final Class<F> type;

    protected EvidenceFiles(Class<F> type) {
        this.type = type;
    }

    /** Whether the caller may read {@code f}; to anyone else it does not exist (404, not 403). */
    protected abstract boolean mayRead(F f);

    /** What names {@code f} ("report …"), or null while it waits for a report. */
    protected abstract String attachedTo(F f);

    /** Who the row names as uploader or discarder: the caller's name (a service may add its role or unit). */
    protected String actor() {
        return identity.getPrincipal().getName();
    }

    /** After a discard, in its transaction: what else the service records of it (nothing by default). */
    protected void discarded(F f) {
    }

    /**
     * An upload for {@code owner} (e.g. "assignment …", locked by the caller): its bytes there and within
     * {@code max-file-bytes}, fewer than {@code max-pending-files} uploads of the owner waiting ({@code pending}), then its
     * bytes stored under a new id into {@code f}, uploaded by {@link #actor} now. The caller sets what {@code f} belongs to
     * and persists it.
     */
    protected F stored(F f, EvidenceUploadRoute.Upload upload, String owner, LongSupplier pending) {
        EvidenceLimits.requireReceived(upload, config);
        EvidenceLimits.requireRoom(owner, pending.getAsLong(), config);
        f.id = UUID.randomUUID();
        f.stored(store.store(f.id, upload), actor(), clock.instant());
        return f;
    }

    /** A file the caller may read, else 404 (whether it exists or not). */
    @Transactional
    public F readable(UUID id) {
        return find(id, LockModeType.NONE);
    }

    /** Its unit (or the office) takes back an upload no report names (the row stays with who and when; the bytes go). */
    @Transactional
    public F discard(UUID id) {
        F f = find(id, LockModeType.PESSIMISTIC_WRITE);
        caller.requireMayActFor(f.unitId);
        String report = attachedTo(f);
        if (report != null) {
            throw Problem.conflict("file " + id + " belongs to " + report + ": a report's evidence stays").with("state", "ATTACHED");
        }
        store.discard(f, actor(), clock.instant());
        discarded(f);
        return f;
    }

    private F find(UUID id, LockModeType lock) {
        F f = Panache.getEntityManager(type).find(type, id, lock);
        if (f == null || f.discardedAt != null || !mayRead(f)) {
            throw Problem.notFound("no evidence file " + id);
        }
        return f;
    }
}
