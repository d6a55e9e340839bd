package org.duban.notification.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.duban.events.unit.Contact;
import org.duban.events.unit.UnitSnapshot;

/** Unit snapshots with contacts, a supervisor and a webhook, for notices. */
public final class Units {

    private Units() {
    }

    public static UnitSnapshot withContacts(UUID unitId, String name, String dutyEmail, String headEmail, UUID supervisorId,
            String webhookUrl) {
        List<Contact> contacts = new ArrayList<>();
        if (dutyEmail != null) {
            contacts.add(new Contact("联络员", "DUTY_CONTACT", "13800000001", dutyEmail));
        }
        if (headEmail != null) {
            contacts.add(new Contact("主要负责人", "HEAD", "13800000002", headEmail));
        }
        return new UnitSnapshot(unitId, 1, name, List.of(), "GOVERNMENT_DEPARTMENT", "COUNTY", null, supervisorId, "ACTIVE", null,
                contacts, webhookUrl);
    }
}
