package org.duban.unit.registry;

/** What sort of body a unit is; the seeds name all of these. */
public enum UnitKind {
    /** 人民政府 */
    PEOPLES_GOVERNMENT,
    /** 政府部门, e.g. 县财政局 */
    GOVERNMENT_DEPARTMENT,
    /** 乡镇人民政府 */
    TOWNSHIP_GOVERNMENT,
    /** 村/社区 */
    VILLAGE_OR_COMMUNITY,
    /** branch of a city bureau, e.g. 市生态环境局中方分局 */
    CITY_BUREAU_BRANCH,
    /** 公共企事业单位, e.g. 国网中方县供电公司 */
    PUBLIC_ENTERPRISE,
    /** 法院 / 检察院 */
    COURT,
    /** Party body, e.g. 县委政法委 */
    PARTY_BODY,
    /** temporary office, e.g. 县优化办 */
    TEMPORARY_OFFICE
}
