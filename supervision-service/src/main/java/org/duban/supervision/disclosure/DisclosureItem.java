package org.duban.supervision.disclosure;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One entry of the disclosure catalogue (政务公开目录): a published bulletin or a task's public progress summary. */
@Entity
@Table(name = "disclosure_item")
public class DisclosureItem extends PanacheEntityBase {

    public static final String BULLETIN = "BULLETIN";
    public static final String TASK = "TASK";
    public static final String PUBLIC = "PUBLIC";
    public static final String WITHDRAWN = "WITHDRAWN";

    @Id
    @Column(name = "item_id")
    public UUID itemId;
    public String kind;
    @Column(name = "target_id")
    public UUID targetId;
    @Column(name = "plan_id")
    public UUID planId;
    /** 索引号 */
    @Column(name = "index_number")
    public String indexNumber;
    /** 信息名称 */
    public String title;
    /** 内容概述 */
    public String summary;
    /** 发布机构 */
    public String publisher;
    public String status;
    /** 公开日期 (the day, Beijing time) */
    @Column(name = "published_at")
    public Instant publishedAt;
    @Column(name = "published_by")
    public String publishedBy;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "withdrawn_by")
    public String withdrawnBy;
}
