package org.duban.supervision.province;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import org.duban.events.MalformedEventException;
import org.duban.events.task.ProvinceUrged;
import org.duban.supervision.warning.Warning;
import org.duban.supervision.warning.Warnings;

/**
 * The province's 催办 and 督办 ({@link ProvinceUrged}), applied in the status projection's transaction. Each lead unit
 * named gets a {@link ProvinceUrge} row (shown on its assignments' status); a SUPERVISE also gives it a provincial card
 * (origin PROVINCE, YELLOW or RED from the level) announced as {@code WarningIssued} with rule
 * {@link Warnings#RULE_PROVINCE_SUPERVISE}. Everything derives from the event (the card's id from the province's
 * message and the unit, its time from {@code urgedAt}), so a redelivered or replayed event records nothing twice.
 */
@ApplicationScoped
public class ProvinceUrges {

    public static final String URGE = "URGE";
    public static final String SUPERVISE = "SUPERVISE";

    private static final Logger LOG = Logger.getLogger(ProvinceUrges.class);

    @Inject
    Warnings warnings;

    @Transactional(Transactional.TxType.MANDATORY)
    public void on(ProvinceUrged u) {
        boolean supervise = SUPERVISE.equals(u.kind());
        if (!supervise && !URGE.equals(u.kind())) {
            throw new MalformedEventException("ProvinceUrged " + u.messageId() + ": kind " + u.kind() + " is neither URGE nor SUPERVISE");
        }
        if (supervise && !Warning.YELLOW.equals(u.level()) && !Warning.RED.equals(u.level())) {
            throw new MalformedEventException("ProvinceUrged " + u.messageId() + ": SUPERVISE level " + u.level() + " is neither YELLOW nor RED");
        }
        if (u.messageId() == null || u.taskId() == null || u.urgedAt() == null) {
            throw new MalformedEventException("ProvinceUrged without messageId, taskId or urgedAt");
        }
        List<UUID> leads = u.leadUnitIds() == null ? List.of() : u.leadUnitIds().stream().distinct().toList();
        if (leads.isEmpty()) {
            // a provincial task no county task implements yet: the office is told (notification-service), no unit to mark
            LOG.infof("province %s %s on %s names no lead unit: nothing recorded against units", u.kind(), u.messageId(), u.provTaskId());
        }
        for (UUID unit : leads) {
            if (ProvinceUrge.findById(new ProvinceUrge.Key(u.messageId(), unit)) != null) {
                continue; // a replay over a kept row: already recorded (the card too)
            }
            ProvinceUrge row = new ProvinceUrge();
            row.messageId = u.messageId();
            row.unitId = unit;
            row.taskId = u.taskId();
            row.provTaskId = u.provTaskId();
            row.taskNumber = u.taskNumber();
            row.title = u.title();
            row.kind = u.kind();
            row.level = supervise ? u.level() : null;
            row.reason = u.reason();
            row.replyBy = u.replyBy();
            row.countyTaskIds = u.countyTaskIds() == null ? new ArrayList<>() : new ArrayList<>(u.countyTaskIds());
            row.urgedAt = u.urgedAt();
            if (supervise) {
                row.warningId = warnings.issueProvincial(u.messageId(), u.provTaskId(), unit, u.level(), cardReason(u), u.taskId(),
                        u.urgedAt()).warningId;
            }
            row.persist();
        }
    }

    /**
     * The card's reason as the ledger and bulletins show it, and as notification-service's card notice puts it
     * ("{unit}因{reason}被亮红牌"): 省级任务（六）“…”被省级平台列为红色督办（督办事由：…）.
     */
    static String cardReason(ProvinceUrged u) {
        String level = Warning.RED.equals(u.level()) ? "红色督办" : "黄色督办";
        String task = (u.taskNumber() == null ? "" : u.taskNumber()) + "“" + (u.title() == null ? u.provTaskId() : u.title()) + "”";
        String why = u.reason() == null || u.reason().isBlank() ? "" : "（督办事由：" + u.reason().strip() + "）";
        return "省级任务" + task + "被省级平台列为" + level + why;
    }
}
