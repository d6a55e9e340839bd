package org.duban.unit.registry;

public enum UnitLevel {
    PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE
}
