package org.duban.supervision.referral;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One step of a referral file; rows are only ever added. */
@Entity
@Table(name = "referral_history")
@IdClass(ReferralHistory.Key.class)
public class ReferralHistory extends PanacheEntityBase {

    public record Key(UUID referralId, int seq) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "referral_id")
    public UUID referralId;
    @Id
    public int seq;
    public String state;
    public String note;
    public String actor;
    public Instant at;
}
