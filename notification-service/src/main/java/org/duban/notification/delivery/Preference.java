package org.duban.notification.delivery;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A unit's choice per channel: {@code IMMEDIATE} or {@code DAILY} (one digest a day). */
@Entity
@Table(name = "delivery_preference")
@IdClass(Preference.Key.class)
public class Preference extends PanacheEntityBase {

    public static final String IMMEDIATE = "IMMEDIATE";
    public static final String DAILY = "DAILY";

    @Id
    @Column(name = "unit_id")
    public UUID unitId;
    @Id
    public String channel;
    public String mode;

    public static class Key implements Serializable {
        public UUID unitId;
        public String channel;

        public Key() {
        }

        public Key(UUID unitId, String channel) {
            this.unitId = unitId;
            this.channel = channel;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(unitId, k.unitId) && Objects.equals(channel, k.channel);
        }

        @Override
        public int hashCode() {
            return Objects.hash(unitId, channel);
        }
    }
}
