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
import io.switchboard.protocol.SignedDeviceList;
import jakarta.inject.Singleton;
import java.io.IOException;

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
        module.addSerializer(SignedDeviceList.class, new JsonSerializer<>() {
            @Override
            public void serialize(SignedDeviceList value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeTree(value.toJson());
            }
        });
        module.addDeserializer(SignedDeviceList.class, new JsonDeserializer<>() {
            @Override
            public SignedDeviceList deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode tree = parser.readValueAsTree();
                try {
                    return SignedDeviceList.fromJson(tree);
                } catch (ProtocolException e) {
                    throw JsonMappingException.from(parser, "signed device list: " + e.getMessage(), e);
                }
            }
        });
        module.addSerializer(MessageEnvelope.class, new JsonSerializer<>() {
            @Override
            public void serialize(MessageEnvelope value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeTree(value.toJson());
            }
        });
        module.addDeserializer(MessageEnvelope.class, new JsonDeserializer<>() {
            @Override
            public MessageEnvelope deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode tree = parser.readValueAsTree();
                try {
                    return MessageEnvelope.fromJson(tree);
                } catch (ProtocolException e) {
                    throw JsonMappingException.from(parser, "message envelope: " + e.getMessage(), e);
                }
            }
        });
        mapper.registerModule(module);
    }
}
