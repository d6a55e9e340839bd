package org.duban.notification.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.unit.UnitSnapshot;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.recipient.Audience;
import org.duban.platform.unit.UnitReplica;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The load of the dispatcher race tests: {@code count} units in the replica, each with its own duty mailbox
 * ({@code <prefix>-<i>-<run>@<prefix>.test}), and one red-card notice per unit.
 */
public record ManyUnits(List<UUID> ids, String prefix, String run) {

    public static ManyUnits replicated(int count, String prefix) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = new ArrayList<>();
        List<UnitSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            snapshots.add(Units.withContacts(id, "单位" + i, prefix + "-" + i + "-" + run + "@" + prefix + ".test", null, null, null));
        }
        Publish.all(snapshots, "unit-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.count("id in ?1", ids) == ids.size()));
        return new ManyUnits(ids, prefix, run);
    }

    public int size() {
        return ids.size();
    }

    public String mailbox(int i) {
        return prefix + "-" + i + "-" + run + "@" + prefix + ".test";
    }

    /** One event id per unit, for {@link #planRedCards}. */
    public List<UUID> newEvents() {
        return ids.stream().map(u -> UUID.randomUUID()).toList();
    }

    /** Plans the red-card notice of {@code events.get(i)} for unit i, in one transaction. */
    public void planRedCards(Notifier notifier, List<UUID> events) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < ids.size(); i++) {
                notifier.notify(new Notifier.Notice(events.get(i), NoticeType.WARNING, ids.get(i), EnumSet.of(Audience.DUTY_CONTACT),
                        Map.of("color", "红牌", "reason", "连续两期未反馈"), true, null));
            }
        });
    }
}
