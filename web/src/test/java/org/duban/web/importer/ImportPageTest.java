package org.duban.web.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The import page's report: which names the supervisor must confirm before importing, and task-service's query. */
class ImportPageTest {

    static final Map<String, Object> ANSWER = Map.of("dryRun", true, "report", Map.of("units", List.of(
            Map.of("line", 12, "text", "县发改局", "outcome", "RESOLVED", "match", "ALIAS", "name", "县发展和改革局"),
            Map.of("line", 14, "text", "县政务中心", "outcome", "RESOLVED", "match", "FUZZY", "score", 0.86, "name", "县政务服务中心"),
            Map.of("line", 20, "text", "县大数据办", "outcome", "UNRESOLVED", "candidates", List.of("县数据局")))));

    @Test
    void similarNamesAreToConfirmAndUnresolvedOnesAreShownOnly() {
        Map<String, Object> view = ImportPage.view(ANSWER);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> flagged = (List<Map<String, Object>>) view.get("flagged");
        assertEquals(2, flagged.size(), "an alias is the registry's own: not flagged");
        assertEquals("近似匹配", flagged.get(0).get("verdict"));
        assertEquals("14:县政务中心=县政务服务中心", flagged.get(0).get("key"));
        assertEquals("未匹配", flagged.get(1).get("verdict"));
        assertNull(flagged.get(1).get("key"), "nothing to confirm on the page: the registry needs the name first");
        assertEquals(1L, view.get("toConfirm"));
    }

    @Test
    void theImportWaitsUntilEverySimilarNameIsConfirmed() {
        Map<String, Object> view = ImportPage.view(ANSWER);
        assertEquals(List.of("第14行「县政务中心」→「县政务服务中心」"), ImportPage.unconfirmed(view, null));
        assertEquals(List.of("第14行「县政务中心」→「县政务服务中心」"), ImportPage.unconfirmed(view, List.of("14:县政务中心=县数据局")),
                "a box for another match does not count");
        assertEquals(List.of(), ImportPage.unconfirmed(view, List.of("14:县政务中心=县政务服务中心")));
    }

    @Test
    void theAdoptionDateGoesWithTheDryRunAndTheImport() {
        assertEquals("/api/plans/import?dryRun=true", ImportPage.importPath(true, null));
        assertEquals("/api/plans/import?dryRun=true&adoptedOn=2026-12-07", ImportPage.importPath(true, "2026-12-07"));
        assertEquals("/api/plans/import?adoptedOn=2026-12-07", ImportPage.importPath(false, "2026-12-07"));
        assertEquals("/api/plans/import", ImportPage.importPath(false, null));
    }
}
