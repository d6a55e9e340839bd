package org.duban.unit.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;

import org.duban.events.unit.UnitContactsChanged;
import org.duban.events.unit.UnitSnapshot;
import org.duban.platform.problem.Problem;
import org.duban.platform.audit.AuditTrail;

/** A unit's contacts (联系人) and webhook URL: checked, replaced, announced (UnitContactsChanged) and audited. */
@ApplicationScoped
public class UnitContacts {

    @Inject
    RegistryRevision revision;

    @Inject
    Announcer announcer;

    @Inject
    WebhookTargets webhooks;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    /** Replaces the contacts and webhook URL; nothing is announced or audited when nothing changed. */
    @Transactional
    public Unit change(UUID id, List<UnitContact> contacts, String webhookUrl) {
        revision.advance();
        Unit unit = Unit.lock(id);
        List<UnitContact> checked = validated(contacts);
        String webhook = webhooks.validated(webhookUrl);
        if (same(unit.contacts, checked) && Objects.equals(unit.webhookUrl, webhook)) {
            return unit;
        }
        UnitSnapshot before = announcer.snapshotOf(unit);
        unit.contacts.clear();
        unit.contacts.addAll(checked);
        unit.webhookUrl = webhook;
        announcer.publish(new UnitContactsChanged(unit.id, checked.stream().map(UnitContact::toEvent).toList(), webhook,
                clock.instant()));
        audit.record("unit.contacts", "UNIT", unit.id, before, announcer.announce(unit));
        return unit;
    }

    private static List<UnitContact> validated(List<UnitContact> contacts) {
        List<UnitContact> checked = new ArrayList<>();
        if (contacts == null) {
            return checked;
        }
        for (int i = 0; i < contacts.size(); i++) {
            UnitContact c = contacts.get(i);
            String field = "contacts[" + i + "]";
            if (c == null) {
                throw Problem.invalidField(field, "must not be null");
            }
            String name = Names.validated(field + ".name", c.name);
            if (c.role == null) {
                throw Problem.invalidField(field + ".role", "must be one of " + List.of(ContactRole.values()));
            }
            String phone = blankToNull(c.phone);
            if (phone != null && !phone.matches("[0-9+()\\- ]{3,32}")) {
                throw Problem.invalidField(field + ".phone", "is not a phone number: " + phone);
            }
            String email = blankToNull(c.email);
            if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw Problem.invalidField(field + ".email", "is not an e-mail address: " + email);
            }
            if (phone == null && email == null) {
                throw Problem.invalidField(field, "needs a phone number or an e-mail address");
            }
            checked.add(new UnitContact(name, c.role, phone, email));
        }
        return checked;
    }

    private static boolean same(List<UnitContact> a, List<UnitContact> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).toEvent().equals(b.get(i).toEvent())) {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
