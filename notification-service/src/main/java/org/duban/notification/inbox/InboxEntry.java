package org.duban.notification.inbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "inbox_entry")
public class InboxEntry extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "event_id")
    public UUID eventId;
    public String kind;
    public String title;
    public String body;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "read_at")
    public Instant readAt;
    public boolean urgent;
}
