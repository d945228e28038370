package io.assay.nativeimage;

import io.assay.config.FamilyProfileRules;
import io.assay.config.ProfileLoader;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services the application itself looks up with {@link java.util.ServiceLoader} and needs in the native image
 * (the chain families' {@link FamilyProfileRules}) can be found there: the image is built with
 * {@code -H:-UseServiceLoaderFeature}, so the services file must be an image resource
 * ({@code quarkus.native.resources.includes}) and every provider must be registered for reflection with its
 * constructors, which is what a Quarkus extension's {@code ServiceProviderBuildItem} would do (docs/native.md).
 */
class ServiceProvidersTest {
    private static final String SERVICES = "META-INF/services/" + FamilyProfileRules.class.getName();

    @Test
    void familyProfileRulesAreAnImageResourceAndEveryProviderIsRegistered() throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/application.yaml"));
        assertTrue(yaml.contains("includes: \"" + SERVICES + "\""), "application.yaml lists " + SERVICES
                + " under quarkus.native.resources.includes");
        List<String> providers;
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(SERVICES)) {
            assertNotNull(in, SERVICES);
            providers = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        Map<String, String> families = new TreeMap<>();
        for (FamilyProfileRules r : ProfileLoader.discovered()) {
            families.put(r.getClass().getName(), r.family().name());
        }
        assertEquals(Map.of("io.assay.chain.bitcoin.BitcoinProfileRules", "BITCOIN",
                "io.assay.chain.evm.EvmProfileRules", "EVM",
                "io.assay.chain.solana.SolanaProfileRules", "SOLANA"), families);
        assertEquals(families.keySet().stream().sorted().toList(), providers.stream().sorted().toList());
        for (String p : providers) {
            Class<?> c = Class.forName(p, false, ProfileLoader.class.getClassLoader());
            RegisterForReflection r = c.getAnnotation(RegisterForReflection.class);
            assertTrue(r != null && r.methods() && r.targets().length == 0 && r.classNames().length == 0,
                    p + " carries @RegisterForReflection (the image instantiates it reflectively)");
            assertEquals(0, c.getConstructor().getParameterCount(), p + " has a public no-argument constructor");
        }
    }
}
