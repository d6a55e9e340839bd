package org.duban.notification.notice;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A task's title and printed number as TaskAssigned told them: later events carry only the assignment id. */
@Entity
@Table(name = "assignment_info")
public class AssignmentInfo extends PanacheEntityBase {
    @Id
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    public String title;
    @Column(name = "task_number")
    public String taskNumber;

    /** The task's title, or a neutral phrase for an assignment this service has not seen assigned. */
    public static String titleOf(UUID assignmentId) {
        AssignmentInfo info = findById(assignmentId);
        return info == null ? "贵单位承担的任务" : info.title;
    }
}
