package org.duban.task.plan;

/**
 * A unit's role on a task, as the document's cells name it and as its assignment (交办) carries it. In the plan's model
 * (not on {@code Assignment}) because a task's units and designations have it before any assignment exists.
 */
public enum Role {
    /** 牵头单位 */
    LEAD,
    /** 责任单位 */
    CO_RESPONSIBLE
}
