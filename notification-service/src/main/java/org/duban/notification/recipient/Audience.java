package org.duban.notification.recipient;

/** Who a notice is for, relative to the unit it is about. */
public enum Audience {
    /** the unit's duty contact (联络员) */
    DUTY_CONTACT,
    /** the unit's head (主要负责人) */
    HEAD,
    /** the unit that supervises it (主管单位): its duty contact and head */
    SUPERVISOR,
    /** the supervision office (督查室), as configured */
    OFFICE
}
