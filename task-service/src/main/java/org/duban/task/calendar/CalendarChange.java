package org.duban.task.calendar;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.duban.task.deadline.WorkingDays;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One change of a year's arrangement: who, when, why, what was in force before (and from where) and after. */
@Entity
@Table(name = "calendar_override_history")
public class CalendarChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public int year;
    public String actor;
    @Column(name = "changed_at")
    public Instant changedAt;
    public String reason;
    @Enumerated(EnumType.STRING)
    @Column(name = "source_before")
    public WorkingDays.Source sourceBefore;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "days_off_before")
    public LocalDate[] daysOffBefore;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "make_up_days_before")
    public LocalDate[] makeUpDaysBefore;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "days_off_after")
    public LocalDate[] daysOffAfter;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "make_up_days_after")
    public LocalDate[] makeUpDaysAfter;
}
