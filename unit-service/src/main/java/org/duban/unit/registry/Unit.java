package org.duban.unit.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OrderColumn;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.duban.platform.problem.Problem;

/**
 * An organisational unit (单位): a department, a township government, a public enterprise, … Its names
 * (canonical and aliases) live in {@link UnitName}; its status history in {@link UnitStatusChange}.
 */
@Entity
public class Unit extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The canonical name, as written (normalised, see {@link Names}). */
    public String name;

    @Enumerated(EnumType.STRING)
    public UnitKind kind;

    @Enumerated(EnumType.STRING)
    public UnitLevel level;

    @Column(name = "parent_id")
    public UUID parentId;

    /** The unit that supervises this one, for escalation (分管/主管单位). */
    @Column(name = "supervisor_id")
    public UUID supervisorId;

    @Enumerated(EnumType.STRING)
    public UnitStatus status = UnitStatus.ACTIVE;

    @Column(name = "merged_into_id")
    public UUID mergedIntoId;

    @Column(name = "webhook_url")
    public String webhookUrl;

    /** Grows by one with every change; the version of the unit's {@code UnitSnapshot}. */
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "unit_contact", joinColumns = @JoinColumn(name = "unit_id"))
    @OrderColumn(name = "position")
    public List<UnitContact> contacts = new ArrayList<>();

    public boolean isActive() {
        return status == UnitStatus.ACTIVE;
    }

    /** The unit, or a 404 problem. */
    public static Unit require(UUID id) {
        Unit unit = findById(id);
        if (unit == null) {
            throw Problem.notFound("no unit " + id);
        }
        return unit;
    }

    /** The unit, locked for the rest of the transaction (changes to one unit are serialised), or a 404 problem. */
    public static Unit lock(UUID id) {
        Unit unit = findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (unit == null) {
            throw Problem.notFound("no unit " + id);
        }
        return unit;
    }

    /** The unit a request field refers to, or a 400 problem naming the field. */
    public static Unit referenced(String field, UUID id) {
        Unit unit = findById(id);
        if (unit == null) {
            throw Problem.invalidField(field, "no unit " + id);
        }
        return unit;
    }
}
