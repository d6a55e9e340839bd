package org.duban.events.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A plan (a notice with its annexes, sections and tasks) was imported and published; its tasks' {@code TaskAssigned} follow. Keyed by plan id. v1. */
public record PlanPublished(UUID planId, String title, String documentNumber, String issuer, String level, UUID upstreamPlanId,
        List<Section> sections, int taskCount, Instant publishedAt) implements DomainEvent {
    /** 一、打造“一件事一次办”工作名片 — with the annex it belongs to (附件1). */
    public record Section(UUID sectionId, String annex, String label, String title) {
    }

    @Override
    public String aggregateId() {
        return planId.toString();
    }
}
