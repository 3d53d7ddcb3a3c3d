package io.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * The plaintext of a {@code text} or {@code note} message (protocol §13.2): the UTF-8 CJSON of
 * {@code {"text": "..."}}. Reading is strict: exactly that one member, and the bytes must be the
 * canonical form, so every content has one encoding.
 */
public final class MessageContent {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private MessageContent() {
    }

    /** {@code CJSON({"text": text})} as UTF-8. */
    public static byte[] text(String text) {
        DeviceEntry.requirePresent(text, "text");
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("text", text);
        return CanonicalJson.canonicalJsonBytes(json);
    }

    /**
     * The text of a {@code text} or {@code note} content.
     *
     * @throws ProtocolException when the bytes are not the CJSON of an object with exactly a string {@code text}
     */
    public static String readText(byte[] content) {
        JsonNode json;
        try {
            json = MAPPER.readTree(content);
        } catch (IOException e) {
            throw new ProtocolException("content is not JSON", e);
        }
        StrictJson.object(json, "text content", "text");
        String text = StrictJson.string(json, "text");
        if (!Arrays.equals(text(text), content)) {
            throw new ProtocolException("content is not in canonical JSON");
        }
        return text;
    }
}
