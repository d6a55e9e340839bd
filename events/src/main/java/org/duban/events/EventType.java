package org.duban.events;

import java.util.Arrays;
import java.util.Optional;

import org.duban.events.province.ProvincialExtensionDecided;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskReviewed;
import org.duban.events.province.ProvincialTaskRevoked;
import org.duban.events.province.ProvincialTaskSupervised;
import org.duban.events.province.ProvincialTaskUrged;
import org.duban.events.supervision.BulletinPublished;
import org.duban.events.supervision.FindingRecorded;
import org.duban.events.supervision.InspectionCancelled;
import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.supervision.RectificationClosed;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.RectificationReported;
import org.duban.events.supervision.WarningIssued;
import org.duban.events.supervision.WarningLifted;
import org.duban.events.task.AssignmentAccepted;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.CalendarYearUnknown;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ExtensionRequested;
import org.duban.events.task.PlanPublished;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.ProvincialExtensionRequested;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.events.task.ProvincialTaskAccepted;
import org.duban.events.task.ProvincialTaskCompleted;
import org.duban.events.task.ProvincialTaskReturned;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.events.unit.UnitContactsChanged;
import org.duban.events.unit.UnitDeactivated;
import org.duban.events.unit.UnitMerged;
import org.duban.events.unit.UnitRegistered;
import org.duban.events.unit.UnitRenamed;
import org.duban.events.unit.UnitSnapshot;

/**
 * The event catalogue: each event record with its CloudEvents {@code type} (which carries the version) and
 * its topic. docs/events.md describes the same list for people; a test keeps the two in step.
 */
public enum EventType {
    UNIT_REGISTERED("duban.unit.registered.v1", Topics.UNIT_EVENTS, UnitRegistered.class),
    UNIT_RENAMED("duban.unit.renamed.v1", Topics.UNIT_EVENTS, UnitRenamed.class),
    UNIT_MERGED("duban.unit.merged.v1", Topics.UNIT_EVENTS, UnitMerged.class),
    UNIT_DEACTIVATED("duban.unit.deactivated.v1", Topics.UNIT_EVENTS, UnitDeactivated.class),
    UNIT_CONTACTS_CHANGED("duban.unit.contacts-changed.v1", Topics.UNIT_EVENTS, UnitContactsChanged.class),
    UNIT_SNAPSHOT("duban.unit.snapshot.v1", Topics.UNIT_SNAPSHOTS, UnitSnapshot.class),
    TASK_ASSIGNED("duban.task.assigned.v1", Topics.TASK_EVENTS, TaskAssigned.class),
    ASSIGNMENT_TRANSFERRED("duban.task.assignment-transferred.v1", Topics.TASK_EVENTS, AssignmentTransferred.class),
    PROGRESS_REPORTED("duban.task.progress-reported.v1", Topics.TASK_EVENTS, ProgressReported.class),
    REPORT_REVIEWED("duban.task.report-reviewed.v1", Topics.TASK_EVENTS, ReportReviewed.class),
    DEADLINE_APPROACHING("duban.task.deadline-approaching.v1", Topics.TASK_EVENTS, DeadlineApproaching.class),
    DEADLINE_MISSED("duban.task.deadline-missed.v1", Topics.TASK_EVENTS, DeadlineMissed.class),
    DEADLINE_RECOVERED("duban.task.deadline-recovered.v1", Topics.TASK_EVENTS, DeadlineRecovered.class),
    DUE_DATE_CHANGED("duban.task.due-date-changed.v1", Topics.TASK_EVENTS, DueDateChanged.class),
    CALENDAR_YEAR_UNKNOWN("duban.task.calendar-year-unknown.v1", Topics.TASK_EVENTS, CalendarYearUnknown.class),
    PLAN_PUBLISHED("duban.task.plan-published.v1", Topics.TASK_EVENTS, PlanPublished.class),
    ASSIGNMENT_ACCEPTED("duban.task.assignment-accepted.v1", Topics.TASK_EVENTS, AssignmentAccepted.class),
    ASSIGNMENT_RETURNED("duban.task.assignment-returned.v1", Topics.TASK_EVENTS, AssignmentReturned.class),
    ASSIGNMENT_WITHDRAWN("duban.task.assignment-withdrawn.v1", Topics.TASK_EVENTS, AssignmentWithdrawn.class),
    EXTENSION_REQUESTED("duban.task.extension-requested.v1", Topics.TASK_EVENTS, ExtensionRequested.class),
    EXTENSION_DECIDED("duban.task.extension-decided.v1", Topics.TASK_EVENTS, ExtensionDecided.class),
    TASK_COMPLETED("duban.task.completed.v1", Topics.TASK_EVENTS, TaskCompleted.class),
    PROVINCIAL_TASK_ACCEPTED("duban.task.provincial-accepted.v1", Topics.TASK_EVENTS, ProvincialTaskAccepted.class),
    PROVINCIAL_TASK_RETURNED("duban.task.provincial-returned.v1", Topics.TASK_EVENTS, ProvincialTaskReturned.class),
    PROVINCIAL_PROGRESS_COMPILED("duban.task.provincial-progress-compiled.v1", Topics.TASK_EVENTS, ProvincialProgressCompiled.class),
    PROVINCIAL_EXTENSION_REQUESTED("duban.task.provincial-extension-requested.v1", Topics.TASK_EVENTS, ProvincialExtensionRequested.class),
    PROVINCIAL_TASK_COMPLETED("duban.task.provincial-completed.v1", Topics.TASK_EVENTS, ProvincialTaskCompleted.class),
    PROVINCE_URGED("duban.task.province-urged.v1", Topics.TASK_EVENTS, ProvinceUrged.class),
    WARNING_ISSUED("duban.supervision.warning-issued.v1", Topics.SUPERVISION_EVENTS, WarningIssued.class),
    WARNING_LIFTED("duban.supervision.warning-lifted.v1", Topics.SUPERVISION_EVENTS, WarningLifted.class),
    INSPECTION_SCHEDULED("duban.supervision.inspection-scheduled.v1", Topics.SUPERVISION_EVENTS, InspectionScheduled.class),
    INSPECTION_CANCELLED("duban.supervision.inspection-cancelled.v1", Topics.SUPERVISION_EVENTS, InspectionCancelled.class),
    FINDING_RECORDED("duban.supervision.finding-recorded.v1", Topics.SUPERVISION_EVENTS, FindingRecorded.class),
    RECTIFICATION_ORDERED("duban.supervision.rectification-ordered.v1", Topics.SUPERVISION_EVENTS, RectificationOrdered.class),
    RECTIFICATION_REPORTED("duban.supervision.rectification-reported.v1", Topics.SUPERVISION_EVENTS, RectificationReported.class),
    RECTIFICATION_CLOSED("duban.supervision.rectification-closed.v1", Topics.SUPERVISION_EVENTS, RectificationClosed.class),
    BULLETIN_PUBLISHED("duban.supervision.bulletin-published.v1", Topics.SUPERVISION_EVENTS, BulletinPublished.class),
    PROVINCIAL_TASK_ISSUED("duban.province.task-issued.v1", Topics.PROVINCE_EVENTS, ProvincialTaskIssued.class),
    PROVINCIAL_TASK_URGED("duban.province.task-urged.v1", Topics.PROVINCE_EVENTS, ProvincialTaskUrged.class),
    PROVINCIAL_TASK_SUPERVISED("duban.province.task-supervised.v1", Topics.PROVINCE_EVENTS, ProvincialTaskSupervised.class),
    PROVINCIAL_EXTENSION_DECIDED("duban.province.extension-decided.v1", Topics.PROVINCE_EVENTS, ProvincialExtensionDecided.class),
    PROVINCIAL_TASK_REVIEWED("duban.province.task-reviewed.v1", Topics.PROVINCE_EVENTS, ProvincialTaskReviewed.class),
    PROVINCIAL_TASK_REVOKED("duban.province.task-revoked.v1", Topics.PROVINCE_EVENTS, ProvincialTaskRevoked.class);

    private final String type;
    private final String topic;
    private final Class<? extends DomainEvent> payload;

    EventType(String type, String topic, Class<? extends DomainEvent> payload) {
        this.type = type;
        this.topic = topic;
        this.payload = payload;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code duban.task.assigned.v1}. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends DomainEvent> payload() {
        return payload;
    }

    /** Unknown types (a newer producer, a foreign event) answer empty: the tolerant reader skips them. */
    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(DomainEvent event) {
        return BY_PAYLOAD.get(event.getClass());
    }

    /** The catalogue entry of each payload class, looked up once per class (a sweep asks a million times). */
    private static final ClassValue<EventType> BY_PAYLOAD = new ClassValue<>() {
        @Override
        protected EventType computeValue(Class<?> payload) {
            return Arrays.stream(values()).filter(t -> t.payload == payload).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not in the event catalogue: " + payload.getName()));
        }
    };
}
