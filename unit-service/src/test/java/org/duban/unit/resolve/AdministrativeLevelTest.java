package org.duban.unit.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.duban.unit.registry.UnitLevel;
import org.junit.jupiter.api.Test;

/** The level a printed name declares, without a server. */
class AdministrativeLevelTest {

    @Test
    void bareLevelPrefixes() {
        assertEquals(UnitLevel.PROVINCE, AdministrativeLevel.declared("省直相关单位"));
        assertEquals(UnitLevel.CITY, AdministrativeLevel.declared("市人社局"));
        assertEquals(UnitLevel.CITY, AdministrativeLevel.declared("市直相关单位"));
        assertEquals(UnitLevel.CITY, AdministrativeLevel.declared("州财政局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("县人力资源和社会保障局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("区教育局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("旗农牧局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("县市场监督管理局"), "县 first: 市场 is no place");
        assertEquals(UnitLevel.CITY, AdministrativeLevel.declared("市市场监管局"));
        assertEquals(UnitLevel.TOWNSHIP, AdministrativeLevel.declared("镇财政所"));
        assertEquals(UnitLevel.TOWNSHIP, AdministrativeLevel.declared("各乡镇人民政府"));
        assertNull(AdministrativeLevel.declared("市场监督管理局"), "市场 is not the prefix 市");
        assertNull(AdministrativeLevel.declared("乡村振兴局"));
    }

    @Test
    void placeNamesAndTheirChains() {
        assertEquals(UnitLevel.PROVINCE, AdministrativeLevel.declared("湖南省人民政府"));
        assertEquals(UnitLevel.PROVINCE, AdministrativeLevel.declared("湖南省市场监督管理局"));
        assertEquals(UnitLevel.CITY, AdministrativeLevel.declared("怀化市人力资源和社会保障局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("中方县人民政府"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("长沙市岳麓区人民政府"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("中方县住房和城乡建设局"), "城乡 inside a name is no place");
        assertEquals(UnitLevel.TOWNSHIP, AdministrativeLevel.declared("中方县桐木镇人民政府"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("中共中方县委办公室"));
    }

    @Test
    void aBranchOfAHigherOfficeInALowerPlaceIsOfThePlacesLevel() {
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("市生态环境局中方分局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("怀化市生态环境局中方分局"));
        assertEquals(UnitLevel.COUNTY, AdministrativeLevel.declared("市住房公积金管理中心中方县管理部"));
        assertEquals(UnitLevel.PROVINCE, AdministrativeLevel.declared("省公安厅交通警察总队"), "no branch form: the office's level");
        assertNull(AdministrativeLevel.declared("中国邮政中方分公司"));
        assertNull(AdministrativeLevel.declared("国网中方县供电公司"));
    }

    @Test
    void levelsMustAgreeBeforeAFuzzyMatch() {
        assertFalse(AdministrativeLevel.agree("市人社局", "县人社局", UnitLevel.COUNTY));
        assertFalse(AdministrativeLevel.agree("市直相关单位", "县直相关单位", UnitLevel.COUNTY));
        assertFalse(AdministrativeLevel.agree("市政府办", "县政府办", UnitLevel.COUNTY));
        assertTrue(AdministrativeLevel.agree("市生态环镜局中方分局", "市生态环境局中方分局", UnitLevel.COUNTY));
        assertTrue(AdministrativeLevel.agree("县财政句", "县财政局", UnitLevel.COUNTY));
        assertTrue(AdministrativeLevel.agree("政务服务中心", "县政务服务中心", UnitLevel.COUNTY), "no level declared: no objection");
        assertFalse(AdministrativeLevel.agree("市邮政分公司", "中国邮政中方分公司", UnitLevel.COUNTY),
                "the registered level answers when its name declares none");
    }
}
