package org.duban.web.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A form's "back" goes only to a path of this site. */
class BackTest {

    @Test
    void onlyLocalPaths() {
        assertEquals("/tasks/1#a-2", Back.to("/tasks/1#a-2", "/queue"));
        assertEquals("/queue", Back.to(null, "/queue"));
        assertEquals("/queue", Back.to("https://evil.example/", "/queue"));
        assertEquals("/queue", Back.to("//evil.example/", "/queue"));
        assertEquals("/queue", Back.to("/\\evil.example/", "/queue"));
        assertEquals("/queue", Back.to("/x\r\nSet-Cookie: a=b", "/queue"));
    }

    @Test
    void extensionStatesInWords() {
        assertEquals("待审批", ExtensionWords.status("PENDING"));
        assertEquals("已同意", ExtensionWords.status("APPROVED"));
        assertEquals("未同意", ExtensionWords.status("REJECTED"));
        assertEquals("", ExtensionWords.status(null));
    }
}
