package org.duban.web.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** task-service's refusals of a file, in the words the desk shows: the file named, the limit or detected type given. */
class RefusalWordsTest {

    static EvidenceClient.Refusal refusal(int status, String problem) throws Exception {
        return new EvidenceClient.Refusal(status, problem == null ? null : new ObjectMapper().readTree(problem));
    }

    @Test
    void eachRefusalNamesTheFile() throws Exception {
        String tooLarge = Attachments.message("现场照片.png", refusal(413,
                "{\"status\":413,\"detail\":\"the file has more than 10485760 bytes\",\"setting\":\"duban.evidence.max-file-bytes\",\"limit\":10485760}"));
        assertEquals("文件「现场照片.png」超过单个文件上限 10 MB，未报送。", tooLarge);

        String wrongType = Attachments.message("报告.pdf", refusal(415, "{\"status\":415,\"detectedType\":\"application/x-msdownload\"}"));
        assertTrue(wrongType.startsWith("文件「报告.pdf」的类型不被接受（按内容识别为 application/x-msdownload）"), wrongType);

        assertTrue(Attachments.message("a.docx", refusal(503, null)).contains("文件「a.docx」未能上传"));
    }

    @Test
    void sizesInBinaryUnits() {
        assertEquals("595 字节", Sizes.human(595));
        assertEquals("1.5 KB", Sizes.human(1536));
        assertEquals("10 MB", Sizes.human(10 * 1024 * 1024));
        assertEquals("30 MB", Sizes.size(31457280L));
        assertEquals("5ea2ad5600f3…", Sizes.shortHash("5ea2ad5600f39385d3d25e9cfe01c54f8c25adcbb8df596e52679945d1fd57fe"));
    }
}
