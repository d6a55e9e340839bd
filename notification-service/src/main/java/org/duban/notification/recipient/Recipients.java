package org.duban.notification.recipient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.events.unit.Contact;
import org.duban.notification.config.NotificationConfig;
import org.duban.platform.unit.UnitReplica;

/**
 * Turns "this unit's duty contact and head" into inboxes, mail addresses and webhook endpoints, from the local unit
 * replica (platform's {@link UnitReplica}, fed by {@code duban.unit.snapshots}). A merged unit's notices go to the
 * unit that took over its work ({@link UnitReplica#successorOf}).
 */
@ApplicationScoped
public class Recipients {

    public static final String EMAIL = "EMAIL";
    public static final String WEBHOOK = "WEBHOOK";

    /** One address on one channel, and the unit it belongs to (for its preferences). */
    public record Address(String channel, String recipient, UUID unitId) {
    }

    /** A unit that should have been reached outside its inbox but has no way to be. */
    public record Unreachable(UUID unitId, String reason) {
    }

    /** Where one notice goes. */
    public record Resolution(UUID unitId, String unitName, Set<UUID> inboxes, List<Address> addresses, List<Unreachable> unreachable) {
    }

    @Inject
    NotificationConfig config;

    public Resolution resolve(UUID aboutUnit, Set<Audience> audience) {
        UUID unitId = UnitReplica.successorOf(aboutUnit);
        Optional<UnitReplica> unit = UnitReplica.findByIdOptional(unitId);
        Set<UUID> inboxes = new LinkedHashSet<>();
        Map<String, Address> addresses = new LinkedHashMap<>();
        List<Unreachable> unreachable = new ArrayList<>();

        if (audience.contains(Audience.DUTY_CONTACT) || audience.contains(Audience.HEAD)) {
            inboxes.add(unitId);
            Set<String> roles = new LinkedHashSet<>();
            if (audience.contains(Audience.DUTY_CONTACT)) {
                roles.add("DUTY_CONTACT");
            }
            if (audience.contains(Audience.HEAD)) {
                roles.add("HEAD");
            }
            reach(unitId, unit, roles, addresses, unreachable);
        }
        if (audience.contains(Audience.SUPERVISOR)) {
            UUID supervisorId = unit.map(u -> u.supervisorId).map(UnitReplica::successorOf).orElse(null);
            if (supervisorId == null) {
                unreachable.add(new Unreachable(unitId, "单位无主管单位，逐级上报无法送达主管单位"));
            } else {
                inboxes.add(supervisorId);
                reach(supervisorId, UnitReplica.findByIdOptional(supervisorId), Set.of("DUTY_CONTACT", "HEAD"), addresses, unreachable);
            }
        }
        if (audience.contains(Audience.OFFICE)) {
            config.office().unitId().ifPresent(inboxes::add);
            config.office().email().ifPresent(mail -> {
                UUID officeUnit = config.office().unitId().orElse(unitId);
                addresses.putIfAbsent(EMAIL + ":" + normal(mail), new Address(EMAIL, normal(mail), officeUnit));
            });
        }
        return new Resolution(unitId, unit.map(u -> u.name).orElse("（未知单位）"), inboxes, List.copyOf(addresses.values()), unreachable);
    }

    private void reach(UUID unitId, Optional<UnitReplica> unit, Set<String> roles, Map<String, Address> addresses,
            List<Unreachable> unreachable) {
        if (unit.isEmpty()) {
            unreachable.add(new Unreachable(unitId, "单位不在本地单位副本中（未收到其快照），无联系方式"));
            return;
        }
        int before = addresses.size();
        for (Contact contact : unit.get().contacts) {
            if (roles.contains(contact.role()) && contact.email() != null && !contact.email().isBlank()) {
                String mail = normal(contact.email());
                addresses.putIfAbsent(EMAIL + ":" + mail, new Address(EMAIL, mail, unitId));
            }
        }
        String webhook = unit.get().webhookUrl;
        if (webhook != null && !webhook.isBlank()) {
            // every unit can have a signing secret (webhook/WebhookSecrets generates one); whether the target may be
            // called is decided when it is sent, after resolving its host again (webhook/WebhookTarget)
            addresses.putIfAbsent(WEBHOOK + ":" + unitId, new Address(WEBHOOK, unitId.toString(), unitId));
        }
        if (addresses.size() == before) {
            unreachable.add(new Unreachable(unitId, "单位无" + String.join("、", roles.stream().map(Recipients::roleName).toList())
                    + "的邮箱，也无 webhook"));
        }
    }

    private static String roleName(String role) {
        return "HEAD".equals(role) ? "主要负责人" : "联络员";
    }

    private static String normal(String mail) {
        return mail.strip().toLowerCase(Locale.ROOT);
    }
}
