package org.duban.unit.registry;

/** Where a unit stands: active, merged into another unit (机构合并), or dissolved (撤销). */
public enum UnitStatus {
    ACTIVE, MERGED, DISSOLVED
}
