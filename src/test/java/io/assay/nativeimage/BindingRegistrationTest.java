package io.assay.nativeimage;

import io.assay.nativeimage.gaps.Gaps;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every type that Jackson binds outside the REST layer (a bare or injected {@code ObjectMapper}, {@code ObjectReader}
 * or {@code ObjectWriter} called from our code) is registered for reflection, so that a native image can bind it
 * (issue 17: the round log failed in the image with "No serializer found for class io.assay.por.Round"). The REST
 * layer's own serialization of resource return types is Quarkus's business and is not seen here; what Quarkus
 * actually put into the image's reflection configuration is checked by {@code NativeSourcesIT}.
 */
class BindingRegistrationTest {
    private static List<ClassNode> application() {
        return BytecodeScan.classes(BytecodeScan.mainClasses());
    }

    @Test
    void everyTypeBoundOutsideTheRestLayerIsRegisteredForReflection() {
        List<ClassNode> app = application();
        List<BytecodeScan.Binding> bindings = BytecodeScan.bindings(app);
        BindingCheck check = new BindingCheck(app, BindingCheck.APPLICATION_OPEN_PROPERTIES, getClass().getClassLoader());
        assertEquals(List.of(), check.problems(bindings));

        // the scan sees the calls there are: the API's two hand-tuned writers bind DTOs with the application's mapper,
        // and profiles are bound to records (config.ProfileYaml and the entry records beside their readers)
        Set<String> reached = check.reachedTypes(bindings);
        assertEquals(new TreeSet<>(List.of("io.assay.api.Dto$AmountDto", "io.assay.api.Dto$ChainDto",
                "io.assay.api.Dto$ComponentDto", "io.assay.api.Dto$MintCheckDto", "io.assay.api.Dto$SnapshotDto",
                "io.assay.chain.bitcoin.BitcoinProfileRules$Reserve", "io.assay.chain.evm.EvmProfileRules$Reserve",
                "io.assay.chain.solana.SolanaProfileRules$Reserve", "io.assay.config.OffchainProfiles$Auth",
                "io.assay.config.OffchainProfiles$Entry", "io.assay.config.OffchainProfiles$Http",
                "io.assay.config.OffchainProfiles$Signature", "io.assay.config.ProfileYaml$Asset",
                "io.assay.config.ProfileYaml$BurnMint", "io.assay.config.ProfileYaml$Chain",
                "io.assay.config.ProfileYaml$Domain", "io.assay.config.ProfileYaml$Excluded",
                "io.assay.config.ProfileYaml$Finality", "io.assay.config.ProfileYaml$Incumbent",
                "io.assay.config.ProfileYaml$Limits", "io.assay.config.ProfileYaml$Policy",
                "io.assay.config.ProfileYaml$ReserveHead", "io.assay.config.ProfileYaml$Supply",
                "io.assay.config.ReserveSets$Entry", "io.assay.config.ReserveSets$Http",
                "io.assay.config.ReserveSets$ListContract", "io.assay.config.ReserveSets$Members")),
                new TreeSet<>(reached), "types bound outside the REST layer changed: update docs/native.md (and this list)");
        assertTrue(bindings.stream().anyMatch(b -> b.call().where().startsWith("io.assay.api.MintCheckJson.mapped(")));
        // the round log, webhook bodies and RPC parameters bind nothing: they are written field by field or as trees
        // (a chain family's profile rules bind its reserve entry, a registered record: that is profile loading)
        for (String explicit : List.of("io.assay.por.", "io.assay.alert.", "io.assay.chain.")) {
            assertTrue(bindings.stream().noneMatch(b -> b.call().where().startsWith(explicit) && b.type() != null
                    && !b.type().startsWith("com.fasterxml.jackson.databind.")
                    && !b.type().matches("io\\.assay\\.chain\\.\\w+\\.\\w+ProfileRules\\$Reserve")),
                    explicit + " binds: " + bindings);
        }
    }

    @Test
    void findsAnUnregisteredTypeWhereverTheBindingHidesIt() throws Exception {
        Path gaps = Path.of(Gaps.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/assay/nativeimage/gaps");
        List<ClassNode> classes = BytecodeScan.classes(gaps);
        List<String> problems = new BindingCheck(classes, Map.of(), getClass().getClassLoader())
                .problems(BytecodeScan.bindings(classes));
        String g = "io.assay.nativeimage.gaps.Gaps";
        assertEquals(new TreeSet<>(List.of(
                g + ".readsAClassLiteral(Gaps.java:45) com.fasterxml.jackson.databind.ObjectMapper.readValue reads "
                        + g + "$Unregistered is not registered for reflection: add @RegisterForReflection to it (docs/native.md)",
                g + ".readsATypeReference(Gaps.java:61) com.fasterxml.jackson.databind.ObjectMapper.readValue reads a type "
                        + "that cannot be seen (the com.fasterxml.jackson.core.type.TypeReference argument is not a class "
                        + "literal): bind a declared type, or build a JsonNode",
                g + ".writesAMap(Gaps.java:57) com.fasterxml.jackson.databind.ObjectMapper.valueToTree writes java.util.Map, "
                        + "whose contents the mapper only sees at run time: bind a declared type, or build a JsonNode",
                g + ".writesANestedGap(Gaps.java:49) com.fasterxml.jackson.databind.ObjectWriter.writeValueAsBytes writes "
                        + "Outer.inners -> " + g + "$Inner is not registered for reflection: add @RegisterForReflection to it "
                        + "(docs/native.md)",
                g + ".writesALocal(Gaps.java:41) com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString writes "
                        + g + "$Unregistered is not registered for reflection: add @RegisterForReflection to it (docs/native.md)",
                g + ".writesAnObject(Gaps.java:53) com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString writes "
                        + "java.lang.Object, whose contents the mapper only sees at run time: bind a declared type, or build a JsonNode")),
                new TreeSet<>(problems));
    }
}
