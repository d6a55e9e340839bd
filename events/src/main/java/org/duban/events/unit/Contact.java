package org.duban.events.unit;

/** A named officer of a unit (联系人): role is {@code HEAD} (主要负责人) or {@code DUTY_CONTACT} (联络员). */
public record Contact(String name, String role, String phone, String email) {
}
