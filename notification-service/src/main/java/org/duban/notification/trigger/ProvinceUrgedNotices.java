package org.duban.notification.trigger;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.task.ProvinceUrged;
import org.duban.notification.config.NotificationConfig;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.platform.time.ChineseDates;
import org.duban.platform.unit.UnitReplica;

/**
 * 省级催办 / 省级督办 ({@link ProvinceUrged}) → notices, in the task-events consumer's transaction: one to the supervision
 * office (as it is told of returns) under the event's own id, and one to each lead unit named — its duty contact and
 * head, inbox, mail and webhook by its preferences — under an id derived from (event, unit). The delivery table's
 * unique (event, recipient, channel) and the inbox's (event, unit) make each of them happen once, however often the
 * event arrives. A red 督办 is urgent (it skips digests and quiet hours, like a red card); an URGE and a yellow 督办
 * follow the recipients' preferences.
 */
@ApplicationScoped
public class ProvinceUrgedNotices {

    private static final EnumSet<Audience> LEAD_UNIT = EnumSet.of(Audience.DUTY_CONTACT, Audience.HEAD);

    @Inject
    Notifier notifier;

    @Inject
    EntityManager em;

    @Inject
    NotificationConfig config;

    public void on(UUID eventId, ProvinceUrged u) {
        boolean supervise = "SUPERVISE".equals(u.kind());
        NoticeType type = supervise ? NoticeType.PROVINCE_SUPERVISED : NoticeType.PROVINCE_URGED;
        boolean urgent = supervise && "RED".equals(u.level());
        List<UUID> leads = u.leadUnitIds() == null ? List.of() : u.leadUnitIds().stream().distinct().toList();

        Map<String, String> common = Notices.params(
                "taskNumber", u.taskNumber(),
                "title", u.title(),
                "urgedAt", u.urgedAt() == null ? "近日" : ChineseDates.day(u.urgedAt()),
                "reason", u.reason() == null || u.reason().isBlank() ? "未说明" : u.reason().strip(),
                "replyBy", u.replyBy() == null ? "" : ChineseDates.day(u.replyBy()),
                "countyTasks", countyTasks(u.countyTaskIds()),
                "leadUnits", leadUnits(leads),
                "level", "RED".equals(u.level()) ? "红色督办" : "YELLOW".equals(u.level()) ? "黄色督办" : "督办");

        // The office's notice: Recipients needs a unit the notice is "about" (for the mail row's unit and the name);
        // the office's own unit when configured, else the first lead unit, else the provincial task (no unit at all).
        UUID about = config.office().unitId().orElse(leads.isEmpty() ? u.taskId() : leads.get(0));
        Map<String, String> office = new LinkedHashMap<>(common);
        office.put("forOffice", "是");
        notifier.notify(new Notice(eventId, type, about, EnumSet.of(Audience.OFFICE), office, urgent, null));

        for (UUID unit : leads) {
            Map<String, String> params = new LinkedHashMap<>(common);
            params.put("forOffice", "");
            notifier.notify(new Notice(Notices.perUnit(eventId, unit), type, unit, LEAD_UNIT, params, urgent, null));
        }
    }

    /**
     * The county tasks' printed numbers, as TaskAssigned told them ({@code assignment_info}), in the event's order:
     * "（五）、（十）". A task this service has not seen assigned is shown by count, so the notice never lies.
     */
    private String countyTasks(List<UUID> countyTaskIds) {
        if (countyTaskIds == null || countyTaskIds.isEmpty()) {
            return "暂无（尚未与本县任务关联）";
        }
        Map<UUID, String> numbers = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select task_id, min(coalesce(nullif(task_number, ''), '“' || title || '”'))
                from assignment_info where task_id in (?1) group by task_id""")
                .setParameter(1, List.copyOf(countyTaskIds)).getResultList();
        for (Object[] r : rows) {
            numbers.put((UUID) r[0], (String) r[1]);
        }
        List<String> shown = new ArrayList<>();
        int unknown = 0;
        for (UUID id : countyTaskIds.stream().distinct().toList()) {
            String number = numbers.get(id);
            if (number == null) {
                unknown++;
            } else {
                shown.add(number);
            }
        }
        String list = String.join("、", shown);
        if (unknown > 0) {
            list += (list.isEmpty() ? "" : "及另外") + unknown + "项本县任务";
        }
        return list;
    }

    private static String leadUnits(List<UUID> leads) {
        if (leads.isEmpty()) {
            return "尚未明确";
        }
        Map<UUID, String> names = UnitReplica.namesOf(leads);
        return String.join("、", leads.stream().map(id -> names.getOrDefault(id, "（未知单位）")).toList());
    }
}
