package io.switchboard.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.function.Function;

/**
 * Signed documents are read by the protocol's strict parser, never by data binding: binding would
 * coerce {@code 2.5} to {@code 2} or drop unknown members, and the signature would then be checked
 * over something other than what was sent.
 */
@Singleton
public class ProtocolJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("switchboard-protocol");
        strict(module, SignedDeviceList.class, SignedDeviceList::toJson, SignedDeviceList::fromJson);
        strict(module, MessageEnvelope.class, MessageEnvelope::toJson, MessageEnvelope::fromJson);
        strict(module, RecoveryClaim.Signed.class, RecoveryClaim.Signed::toJson, RecoveryClaim.Signed::fromJson);
        mapper.registerModule(module);
    }

    private static <T> void strict(SimpleModule module, Class<T> type, Function<T, JsonNode> toJson, Function<JsonNode, T> fromJson) {
        module.addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeTree(toJson.apply(value));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode tree = parser.readValueAsTree();
                try {
                    return fromJson.apply(tree);
                } catch (ProtocolException e) {
                    throw JsonMappingException.from(parser, type.getSimpleName() + ": " + e.getMessage(), e);
                }
            }
        });
    }
}
