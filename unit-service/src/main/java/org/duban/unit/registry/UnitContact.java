package org.duban.unit.registry;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.duban.events.unit.Contact;

/** A named officer of a unit (联系人). */
@Embeddable
public class UnitContact {

    public String name;

    @Enumerated(EnumType.STRING)
    public ContactRole role;

    public String phone;

    public String email;

    public UnitContact() {
    }

    public UnitContact(String name, ContactRole role, String phone, String email) {
        this.name = name;
        this.role = role;
        this.phone = phone;
        this.email = email;
    }

    public Contact toEvent() {
        return new Contact(name, role.name(), phone, email);
    }
}
