package io.assay.descriptor;

import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BIP 380-389 test vectors (src/test/resources/descriptor/bip380-389-vectors.txt; format and the
 * handling of private keys described there).
 */
class DescriptorVectorsTest {
    private static final BitcoinNetwork MAIN = BitcoinNetwork.MAINNET;
    private static final List<Vector> VECTORS = load();

    record Vector(int bip, int line, String kind, String descriptor, List<String> args) {
        String message() {
            return String.join(" ", args);
        }

        @Override
        public String toString() {
            String d = descriptor.length() > 70 ? descriptor.substring(0, 67) + "..." : descriptor;
            return "BIP " + bip + " line " + line + ": " + d;
        }
    }

    private static List<Vector> load() {
        try (InputStream in = DescriptorVectorsTest.class.getResourceAsStream("/descriptor/bip380-389-vectors.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Vector> out = new ArrayList<>();
            int bip = 0;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split(" ");
                if (f[0].equals("@bip")) {
                    bip = Integer.parseInt(f[1]);
                    continue;
                }
                out.add(new Vector(bip, i + 1, f[0], f[1], List.of(Arrays.copyOfRange(f, 2, f.length))));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Vector> valid() {
        return of("valid");
    }

    static List<Vector> parses() {
        return of("parses");
    }

    static List<Vector> multipath() {
        return of("multipath");
    }

    static List<Vector> invalid() {
        return of("invalid");
    }

    static List<Vector> na() {
        return of("na");
    }

    private static List<Vector> of(String kind) {
        return VECTORS.stream().filter(v -> v.kind().equals(kind)).toList();
    }

    @Test
    void theVectorFileHasEveryBipVector() {
        Map<String, Long> counts = VECTORS.stream()
                .collect(Collectors.groupingBy(Vector::kind, TreeMap::new, Collectors.counting()));
        // 156 vectors as published (380: 8 checksum + 37 key expressions; 381: 21; 382: 23; 383: 13;
        // 384: 7; 385: 10; 386: 10; 387: 13; 389: 14)
        assertEquals(Map.of("invalid", 69L, "multipath", 5L, "na", 10L, "parses", 17L, "valid", 55L), counts);
        assertEquals(156, VECTORS.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validVectorGivesTheBipScripts(Vector v) {
        Descriptor d = Descriptor.parse(usable(v), MAIN);
        List<String> expected = v.args();
        assertEquals(expected.size() > 1, d.isRange(), "ranged vectors list scripts for several children");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(List.of(expected.get(i).split(",")), hex(d.scripts(i)), "child " + i);
        }
        if (!d.isRange()) {
            assertEquals(hex(d.scripts(0)), hex(d.scripts(7)), "a non-ranged descriptor is the same at every index");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validVectorParsesWithItsChecksumAndNotWithAWrongOne(Vector v) {
        String given = usable(v);
        String body = given.contains("#") ? given.substring(0, given.indexOf('#')) : given;
        String sum = DescriptorChecksum.compute(body);
        Descriptor d = Descriptor.parse(body + "#" + sum, MAIN);
        assertEquals(sum, d.checksum());
        char wrong = sum.charAt(0) == 'q' ? 'p' : 'q';
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> Descriptor.parse(body + "#" + wrong + sum.substring(1), MAIN));
        assertEquals("checksum mismatch (expected #" + sum + ")", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parses")
    void vectorWithoutScriptParses(Vector v) {
        Descriptor d = Descriptor.parse(usable(v), MAIN);
        assertFalse(d.scripts(0).isEmpty());
        assertTrue(d.scripts(0).get(0).length > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multipath")
    void multipathVectorExpandsIntoTheListedDescriptors(Vector v) {
        Descriptor d = Descriptor.parse(usable(v), MAIN);
        assertEquals(v.args().size(), d.pathCount());
        assertThrows(IllegalStateException.class, () -> d.scripts(0));
        for (int p = 0; p < v.args().size(); p++) {
            Descriptor single = d.path(p);
            assertEquals(v.args().get(p), single.body());
            Descriptor expected = Descriptor.parse(v.args().get(p), MAIN);
            assertEquals(expected.isRange(), single.isRange());
            for (int i = 0; i < 3; i++) {
                assertEquals(hex(expected.scripts(i)), hex(single.scripts(i)), "path " + p + " child " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidVectorIsRefusedForTheBipsReason(Vector v) {
        DescriptorException original = assertThrows(DescriptorException.class, () -> Descriptor.parse(v.descriptor(), MAIN));
        assertNoPrivateKeyIn(original.getMessage(), v.descriptor());
        String twin = PublicTwin.hasPrivateKeys(v.descriptor()) ? PublicTwin.of(v.descriptor()) : null;
        String checked = twin != null ? twin : v.descriptor();
        DescriptorException e = assertThrows(DescriptorException.class, () -> Descriptor.parse(checked, MAIN));
        assertTrue(e.getMessage().contains(v.message()), () -> "expected '" + v.message() + "' in: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("na")
    void notApplicableVectorIsRefusedWithAClearReason(Vector v) {
        DescriptorException e = assertThrows(DescriptorException.class, () -> Descriptor.parse(v.descriptor(), MAIN));
        assertTrue(e.getMessage().contains(v.message()), () -> "expected '" + v.message() + "' in: " + e.getMessage());
        assertNoPrivateKeyIn(e.getMessage(), v.descriptor());
    }

    /**
     * The descriptor to evaluate: the vector itself, or, when it holds private keys, its public twin after
     * checking that the vector as written is refused for carrying a private key.
     */
    private static String usable(Vector v) {
        if (!PublicTwin.hasPrivateKeys(v.descriptor())) {
            return v.descriptor();
        }
        DescriptorException e = assertThrows(DescriptorException.class, () -> Descriptor.parse(v.descriptor(), MAIN));
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
        assertNoPrivateKeyIn(e.getMessage(), v.descriptor());
        String twin = PublicTwin.of(v.descriptor());
        assertNotNull(twin, "no public twin for " + v);
        assertFalse(PublicTwin.hasPrivateKeys(twin));
        return twin;
    }

    private static void assertNoPrivateKeyIn(String message, String descriptor) {
        for (String key : PublicTwin.privateTokens(descriptor)) {
            assertFalse(message.contains(key.substring(0, 12)), "the error message repeats a private key: " + message);
        }
    }

    private static List<String> hex(List<byte[]> scripts) {
        return scripts.stream().map(HexFormat.of()::formatHex).toList();
    }
}
