package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sortsMembersAndDropsWhitespace() throws Exception {
        assertEquals("{\"a\":2,\"b\":1,\"c\":{\"y\":false,\"z\":true}}",
                canonical("{ \"b\": 1, \"a\": 2, \"c\": { \"z\": true, \"y\": false } }"));
    }

    @Test
    void keepsArrayOrder() throws Exception {
        assertEquals("[3,1,2,\"x\",[],{}]", canonical("[3, 1, 2, \"x\", [], {}]"));
    }

    @Test
    void sortsNamesAsUtf16CodeUnits() {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (String name : new String[] {"\uE000", "\uD83D\uDE00", "é", "ÿ", "aa", "a", "B", "10", "9", ""}) {
            object.put(name, 0);
        }
        // U+1F600 is the pair D83D DE00, so it sorts before U+E000 although its code point is larger.
        assertEquals("{\"\":0,\"10\":0,\"9\":0,\"B\":0,\"a\":0,\"aa\":0,\"é\":0,\"ÿ\":0,\"\uD83D\uDE00\":0,\"\uE000\":0}",
                CanonicalJson.canonicalJson(object));
    }

    @Test
    void escapesLikeJsonStringify() {
        String text = "\"\\\b\t\n\f\r\u0000\u0001\u001f\u007f é☃\uD83D\uDE00\u2028/";
        assertEquals("\"\\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u0001\\u001f\u007f é☃\uD83D\uDE00\u2028/\"",
                CanonicalJson.canonicalJson(JsonNodeFactory.instance.textNode(text)));
    }

    @Test
    void escapesMemberNamesToo() {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("line\nbreak", true);
        assertEquals("{\"line\\nbreak\":true}", CanonicalJson.canonicalJson(object));
    }

    @Test
    void bytesAreUtf8() {
        assertArrayEquals("\"é\"".getBytes(StandardCharsets.UTF_8),
                CanonicalJson.canonicalJsonBytes(JsonNodeFactory.instance.textNode("é")));
    }

    @Test
    void writesIntegersUpToTheSafeRange() throws Exception {
        assertEquals("[9007199254740991,-9007199254740991,0,-1]", canonical("[9007199254740991, -9007199254740991, 0, -1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "2.0", "1e3", "null", "{\"a\":null}", "[9007199254740992]", "-9007199254740992",
        "123456789012345678901234567890"})
    void refusesFloatsNullAndUnsafeIntegers(String json) {
        assertThrows(ProtocolException.class, () -> canonical(json));
    }

    @Test
    void refusesLoneSurrogates() {
        assertThrows(ProtocolException.class, () -> CanonicalJson.canonicalJson(JsonNodeFactory.instance.textNode("a\uD800b")));
        assertThrows(ProtocolException.class, () -> CanonicalJson.canonicalJson(JsonNodeFactory.instance.textNode("\uDC00")));
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("\uD83D", 1);
        assertThrows(ProtocolException.class, () -> CanonicalJson.canonicalJson(object));
    }

    private static String canonical(String json) throws Exception {
        JsonNode value = MAPPER.readTree(json);
        return CanonicalJson.canonicalJson(value);
    }
}
