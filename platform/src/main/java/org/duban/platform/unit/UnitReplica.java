package org.duban.platform.unit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.duban.events.unit.Contact;
import org.duban.events.unit.UnitSnapshot;

/**
 * What a service knows of one unit: the latest {@link UnitSnapshot} from unit-service, kept by
 * {@link UnitReplicaConsumer}. Services read it instead of calling unit-service.
 */
@Entity
@Table(name = "unit_replica")
public class UnitReplica extends PanacheEntityBase {

    public static final String MERGED = "MERGED";

    @Id
    public UUID id;
    public long version;
    public String name;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> aliases = new ArrayList<>();
    public String kind;
    public String level;
    @Column(name = "parent_id")
    public UUID parentId;
    @Column(name = "supervisor_id")
    public UUID supervisorId;
    public String status;
    @Column(name = "merged_into_id")
    public UUID mergedIntoId;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Contact> contacts = new ArrayList<>();
    @Column(name = "webhook_url")
    public String webhookUrl;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Applies a snapshot unless the replica already holds the same or a newer version; true if applied. */
    static boolean apply(UnitSnapshot snapshot, Instant now) {
        UnitReplica unit = findById(snapshot.unitId());
        if (unit == null) {
            unit = new UnitReplica();
            unit.id = snapshot.unitId();
        } else if (unit.version >= snapshot.version()) {
            return false;
        }
        unit.version = snapshot.version();
        unit.name = snapshot.name();
        unit.aliases = new ArrayList<>(snapshot.aliases());
        unit.kind = snapshot.kind();
        unit.level = snapshot.level();
        unit.parentId = snapshot.parentId();
        unit.supervisorId = snapshot.supervisorId();
        unit.status = snapshot.status();
        unit.mergedIntoId = snapshot.mergedIntoId();
        unit.contacts = new ArrayList<>(snapshot.contacts());
        unit.webhookUrl = snapshot.webhookUrl();
        unit.updatedAt = now;
        unit.persist();
        return true;
    }

    /** The unit's current name, or empty while the replica has not heard of it. */
    public static Optional<String> nameOf(UUID unitId) {
        return UnitReplica.<UnitReplica> findByIdOptional(unitId).map(u -> u.name);
    }

    /** Current names of the given units; units the replica has not heard of are absent from the map. */
    public static Map<UUID, String> namesOf(Collection<UUID> unitIds) {
        if (unitIds.isEmpty()) {
            return Map.of();
        }
        return UnitReplica.<UnitReplica> list("id in ?1", Set.copyOf(unitIds)).stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.name));
    }

    /** Follows merges (A into B into C) to the unit that now holds this unit's work. */
    public static UUID successorOf(UUID unitId) {
        UUID current = unitId;
        for (int hops = 0; hops < 32; hops++) {
            UnitReplica unit = findById(current);
            if (unit == null || !MERGED.equals(unit.status) || unit.mergedIntoId == null) {
                return current;
            }
            current = unit.mergedIntoId;
        }
        return current; // a merge cycle cannot come from unit-service; stop rather than loop
    }
}
