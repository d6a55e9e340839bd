package org.duban.unit.registry;

/** A contact's role: the unit's head (主要负责人) or its duty contact (联络员). */
public enum ContactRole {
    HEAD, DUTY_CONTACT
}
