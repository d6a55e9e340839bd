package org.duban.task.calendar;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An admin's arrangement of one year, in force instead of the library's (V31). */
@Entity
@Table(name = "calendar_override")
public class CalendarOverride extends PanacheEntityBase {

    @Id
    public Integer year;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "days_off")
    public LocalDate[] daysOff;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "make_up_days")
    public LocalDate[] makeUpDays;
    public String reason;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** How many times the year was entered (1 the first time). */
    public long version;
}
