package io.assay;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.assay.config.AssayConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package graph follows the data path (docs/code-layout.md): every package of the application has one layer,
 * and a class may use classes of its own package and of packages in lower layers only. Packages of one layer are
 * siblings and do not use each other (a chain family never reaches into another). A package that is in no layer
 * fails the test until it is given its place here and in docs/code-layout.md. Checked on the compiled classes
 * (target/classes), so every use counts: imports, fully qualified names, annotations, constants' types.
 */
class ArchitectureTest {
    /** Layers from the bottom up; each entry lists the packages of one layer. */
    static final List<List<String>> LAYERS = List.of(
            List.of("io.assay.metrics", "io.assay.descriptor", "io.assay.crypto", "io.assay.chain.rpc", "io.assay.liabilities"),
            List.of("io.assay.config"),
            List.of("io.assay.store"),
            List.of("io.assay.store.chronicle"),
            List.of("io.assay.chain"),
            List.of("io.assay.chain.evm", "io.assay.chain.solana", "io.assay.chain.bitcoin", "io.assay.offchain"),
            List.of("io.assay.por"),
            List.of("io.assay.attest", "io.assay.alert"),
            List.of("io.assay.quorum"),
            List.of("io.assay.api"),
            List.of("io.assay.devnet"),
            List.of("io.assay", "io.assay.nativeimage"));

    static final Map<String, Integer> RANK = new LinkedHashMap<>();

    static {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                RANK.put(p, i);
            }
        }
    }

    private static JavaClasses app;

    @BeforeAll
    static void importApplication() {
        app = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.assay");
    }

    @Test
    void everyPackageHasItsPlaceInTheLayers() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : app) {
            packages.add(c.getPackageName());
        }
        assertEquals(new TreeSet<>(RANK.keySet()), packages,
                "the application's packages and the layers' packages differ (a new package needs its place in LAYERS"
                        + " and docs/code-layout.md; a removed one leaves both)");
    }

    @Test
    void dependenciesRunDownTheDataPathOnly() {
        ArchRule rule = classes().that().resideInAPackage("io.assay..")
                .should(useOnlyOwnOrLowerLayers())
                .as("classes of io.assay use only their own package and packages of lower layers (docs/code-layout.md)");
        rule.check(app);
    }

    @Test
    void packagesFormNoCycle() {
        SliceAssignment byPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().startsWith("io.assay")
                        ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of io.assay";
            }
        };
        slices().assignedFrom(byPackage).should().beFreeOfCycles().check(app);
    }

    /**
     * The demo is a configuration profile ({@code %demo}: {@code assay.demo.enabled}) whose life cycle lives in
     * {@code devnet}: the wiring and the rest of the application never branch on it.
     */
    @Test
    void onlyTheDevnetReadsTheDemoSettings() {
        noClasses().that().resideOutsideOfPackage("io.assay.devnet")
                .and().doNotBelongToAnyOf(AssayConfig.class)
                .should().dependOnClassesThat().belongToAnyOf(AssayConfig.Demo.class)
                .as("only io.assay.devnet reads assay.demo.* (the demo profile's switch)")
                .check(app);
    }

    private static ArchCondition<JavaClass> useOnlyOwnOrLowerLayers() {
        return new ArchCondition<>("use only their own package and packages of lower layers") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String from = c.getPackageName();
                Integer fromRank = RANK.get(from);
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    String to = d.getTargetClass().getPackageName();
                    if (!to.startsWith("io.assay") || to.equals(from)) {
                        continue;
                    }
                    Integer toRank = RANK.get(to);
                    if (fromRank == null || toRank == null) {
                        continue; // everyPackageHasItsPlaceInTheLayers names it
                    }
                    if (toRank > fromRank) {
                        events.add(SimpleConditionEvent.violated(d, from + " (layer " + fromRank + ") uses " + to
                                + " (layer " + toRank + "), against the data path: " + d.getDescription()));
                    } else if (toRank.equals(fromRank)) {
                        events.add(SimpleConditionEvent.violated(d, from + " uses its sibling " + to
                                + " (both layer " + fromRank + "): " + d.getDescription()));
                    }
                }
            }
        };
    }
}
