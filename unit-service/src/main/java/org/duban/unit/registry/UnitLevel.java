package org.duban.unit.registry;

/** Administrative level: 省, 市(州), 县(市区), 乡镇, 村(社区). */
public enum UnitLevel {
    PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE
}
