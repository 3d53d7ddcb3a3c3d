package io.switchboard.protocol.mimi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The draft's example files (docs/vectors/mimi-content) are the golden vectors of the content codec. */
class MimiContentTest {

    private static final Path VECTORS = Path.of("docs", "vectors", "mimi-content");
    private static final Pattern MESSAGE_ID = Pattern.compile("# message ID = h'([0-9a-f]+)\\s*#\\s*([0-9a-f]+)'");

    static Stream<String> messages() throws IOException {
        try (Stream<Path> files = Files.list(VECTORS)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".cbor"))
                    .map(name -> name.substring(0, name.length() - ".cbor".length()))
                    .filter(name -> !name.equals("implied-original")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyExampleDecodesAndEncodesBackToTheSameBytes(String example) {
        byte[] encoded = cbor(example);

        assertArrayEquals(encoded, MimiContent.decode(encoded).encode(), example);
        assertArrayEquals(encoded, Cbor.encode(Cbor.decode(encoded)), example);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void theMessageIdOfEveryExampleIsTheOneTheDraftGives(String example) {
        MimiContent content = MimiContent.decode(cbor(example));
        String sender = ((CborValue.Text) content.extensions().get(new CborValue.Int(1))).value();
        String room = ((CborValue.Text) content.extensions().get(new CborValue.Int(2))).value();

        assertEquals(expectedMessageId(example), HexFormat.of().formatHex(content.messageId(sender, room)), example);
    }

    @Test
    void theImpliedFieldsExampleRoundTripsThroughTheCborLayer() {
        byte[] encoded = cbor("implied-original");

        CborValue.Array fields = (CborValue.Array) Cbor.decode(encoded);

        assertEquals(new CborValue.Int(1644387225019L), fields.items().get(1));
        assertEquals(new CborValue.Text("mimi://example.com/u/alice-smith"), fields.items().get(5));
        assertArrayEquals(encoded, Cbor.encode(fields));
    }

    @Test
    void aReplyDecodesToTheFieldsOfItsEdn() {
        MimiContent reply = MimiContent.decode(cbor("reply"));

        assertEquals("11a458c73b8dd2cf404db4b378b8fe4d", hex(reply.salt()));
        assertNull(reply.replaces());
        assertEquals(0, reply.topicId().length);
        assertNull(reply.expires());
        assertEquals("017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4", hex(reply.inReplyTo()));
        assertEquals(new CborValue.Text("mimi://example.com/u/bob-jones"), reply.extensions().get(new CborValue.Int(1)));
        assertEquals(NestedPart.RENDER, reply.body().disposition());
        assertEquals(MimiContent.MARKDOWN, ((NestedPart.Single) reply.body().part()).contentType());
        assertEquals("Right on! _Congratulations_ 'all!", reply.text());
    }

    @Test
    void anAttachmentDecodesToAnExternalPartWithItsKeyAndHash() {
        MimiContent attachment = MimiContent.decode(cbor("attachment"));

        NestedPart.External external = (NestedPart.External) attachment.body().part();
        assertEquals(NestedPart.ATTACHMENT, attachment.body().disposition());
        assertEquals("en", attachment.body().language());
        assertEquals("video/mp4", external.contentType());
        assertEquals("https://example.com/storage/8ksB4bSrrRE.mp4", external.url());
        assertEquals(0, external.expires());
        assertEquals(708234961, external.size());
        assertEquals(1, external.encAlg());
        assertEquals("21399320958a6f4c745dde670d95e0d8", hex(external.key()));
        assertEquals("c86cf2c33f21527d1dd76f5b", hex(external.nonce()));
        assertEquals(0, external.aad().length);
        assertEquals(1, external.hashAlg());
        assertEquals("9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163", hex(external.contentHash()));
        assertEquals("2 hours of key signing video", external.description());
        assertEquals("bigfile.mp4", external.filename());
        assertNull(attachment.text());
    }

    @Test
    void anEditAnExpiryAndADeleteKeepTheirBehaviourFields() {
        MimiContent edit = MimiContent.decode(cbor("edit"));
        MimiContent expiring = MimiContent.decode(cbor("expiring"));
        MimiContent delete = MimiContent.decode(cbor("delete"));

        assertEquals("015354973c2b65ca937bf1e035ae53a5ab80e947afa43d46920d4202e5cc0b27", hex(edit.replaces()));
        assertEquals(new MimiContent.Expiration(false, 1644390004), expiring.expires());
        assertEquals(new NestedPart.Null(), delete.body().part());
    }

    @Test
    void aMultipartKeepsItsNestedPartsInOrder() {
        MimiContent multipart = MimiContent.decode(cbor("multipart-1"));

        NestedPart.Multi multi = (NestedPart.Multi) multipart.body().part();
        assertEquals(NestedPart.Multi.CHOOSE_ONE, multi.semantics());
        assertEquals(List.of(MimiContent.MARKDOWN, "application/vnd.examplevendor-fancy-im-message"),
                multi.parts().stream().map(part -> ((NestedPart.Single) part.part()).contentType()).toList());
    }

    @Test
    void aNewMessageEncodesItsExtensionsInDeterministicKeyOrder() {
        CborValue.Map extensions = new CborValue.Map(List.of(
                new CborValue.Entry(new CborValue.Text("z"), new CborValue.Int(-1)),
                new CborValue.Entry(new CborValue.Int(2), new CborValue.Text("room")),
                new CborValue.Entry(new CborValue.Int(1), new CborValue.Text("sender"))));
        MimiContent content = new MimiContent(new byte[16], null, new byte[0], null, null, extensions,
                NestedPart.text(MimiContent.PLAIN_TEXT, "hello"));

        MimiContent decoded = MimiContent.decode(content.encode());

        assertEquals(List.of(new CborValue.Int(1), new CborValue.Int(2), new CborValue.Text("z")),
                decoded.extensions().entries().stream().map(CborValue.Entry::key).toList());
        assertEquals(new CborValue.Int(-1), decoded.extensions().get(new CborValue.Text("z")));
        assertEquals("hello", decoded.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1817",           // 23 in two bytes instead of one
            "5f4100ff",       // an indefinite-length byte string
            "a202000100",     // map keys out of order
            "a201000100",     // a repeated map key
            "62c328",         // invalid UTF-8
            "f93c00",         // a half float
            "0000",           // a byte after the value
            "5801",           // a byte string that ends early
    })
    void nonDeterministicOrMalformedCborIsRefused(String hex) {
        assertThrows(ProtocolException.class, () -> Cbor.decode(HexFormat.of().parseHex(hex)));
    }

    @Test
    void partsNestedMoreThanFourLevelsAreRefused() {
        NestedPart deepest = NestedPart.text(MimiContent.PLAIN_TEXT, "x");
        NestedPart level = deepest;
        for (int i = 0; i < 4; i++) {
            level = new NestedPart(NestedPart.RENDER, "", new NestedPart.Multi(NestedPart.Multi.PROCESS_ALL, List.of(level, deepest)));
        }
        NestedPart fiveLevels = level;

        assertThrows(IllegalArgumentException.class, () -> new MimiContent(new byte[16], null, new byte[0], null, null,
                new CborValue.Map(List.of()), fiveLevels));
    }

    @Test
    void aMessageThatIsNotTheSevenFieldArrayIsRefused() {
        byte[] sixFields = Cbor.encode(new CborValue.Array(List.of(new CborValue.Bytes(new byte[16]), CborValue.NULL,
                new CborValue.Bytes(new byte[0]), CborValue.NULL, CborValue.NULL, new CborValue.Map(List.of()))));

        assertThrows(ProtocolException.class, () -> MimiContent.decode(sixFields));
    }

    private static byte[] cbor(String example) {
        try {
            return Files.readAllBytes(VECTORS.resolve(example + ".cbor"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String expectedMessageId(String example) {
        try {
            Matcher matcher = MESSAGE_ID.matcher(Files.readString(VECTORS.resolve(example + ".edn"), StandardCharsets.UTF_8));
            assertTrue(matcher.find(), example + ".edn names no message id");
            return matcher.group(1) + matcher.group(2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
