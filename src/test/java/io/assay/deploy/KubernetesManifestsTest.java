package io.assay.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.assay.config.AssayConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders both overlays of {@code k8s/} with kubectl's kustomize, loads every object into fabric8's typed
 * Kubernetes model (an unknown or misplaced field fails), and checks the objects against the application:
 * ports, probe paths, where the store, profiles and signing key are mounted versus where the configuration
 * points, that every {@code ASSAY_*} variable is a key {@link AssayConfig} knows, the security context,
 * resources, the disruption budget per overlay, the network policy and the ServiceMonitor.
 *
 * <p>The overlays' Secrets are generated from files that are never committed (signing keys, RPC URLs); the
 * test renders a copy of {@code k8s/} in which it writes fresh random keys and the example RPC file.
 */
class KubernetesManifestsTest {
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);
    private static final Map<String, Integer> REPLICAS = Map.of("single", 1, "redundant", 3);

    @TempDir
    static Path tmp;
    private static final Map<String, List<HasMetadata>> RENDERED = new LinkedHashMap<>();
    private static final Map<String, List<String>> UNKNOWN = new LinkedHashMap<>();

    @BeforeAll
    static void renderOverlays() throws IOException {
        Path k8s = tmp.resolve("k8s");
        copyTree(AppSettings.PROJECT.resolve("k8s"), k8s);
        YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        for (String overlay : REPLICAS.keySet()) {
            Path dir = k8s.resolve("overlays").resolve(overlay);
            writeSecretInputs(dir);
            List<HasMetadata> objects = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(Kustomize.render(dir))) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                    Class<? extends HasMetadata> model = MODELS.get(type);
                    if (model == null) {
                        throw new AssertionError(overlay + ": no model for " + type + " (add it here and check it)");
                    }
                    HasMetadata o = yaml.treeToValue(doc, model);
                    UnknownFields.in(o).forEach(u -> unknown.add(type + " " + o.getMetadata().getName() + ": " + u));
                    objects.add(o);
                }
            }
            RENDERED.put(overlay, objects);
            UNKNOWN.put(overlay, unknown);
        }
    }

    /** Fresh signing keys and the example RPC file, where the overlay's secretGenerator reads them. */
    @SuppressWarnings("unchecked")
    private static void writeSecretInputs(Path overlay) throws IOException {
        Map<String, Object> k = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(overlay.resolve("kustomization.yaml")));
        SecureRandom random = new SecureRandom();
        for (Map<String, Object> gen : (List<Map<String, Object>>) k.get("secretGenerator")) {
            for (String f : (List<String>) gen.getOrDefault("files", List.of())) {
                Path file = overlay.resolve(f.substring(f.indexOf('=') + 1));
                byte[] key = new byte[32];
                random.nextBytes(key);
                Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
            }
            for (String e : (List<String>) gen.getOrDefault("envs", List.of())) {
                Files.copy(overlay.resolve(e + ".example"), overlay.resolve(e));
            }
        }
        for (Map<String, Object> gen : (List<Map<String, Object>>) k.getOrDefault("configMapGenerator", List.of())) {
            for (String e : (List<String>) gen.getOrDefault("envs", List.of())) {
                Files.copy(overlay.resolve(e + ".example"), overlay.resolve(e));
            }
        }
    }

    /** Copies k8s/ without a deployer's local secret files (keys, rpc.env), which the test replaces. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = p.getFileName().toString();
                if (p.getParent().getFileName().toString().equals("secrets") && !name.endsWith(".example")
                        && !name.equals(".gitignore")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static <T> List<T> all(String overlay, Class<T> type) {
        return RENDERED.get(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T> T one(String overlay, Class<T> type) {
        List<T> l = all(overlay, type);
        assertEquals(1, l.size(), overlay + ": one " + type.getSimpleName());
        return l.get(0);
    }

    private static StatefulSet sts(String overlay) {
        return one(overlay, StatefulSet.class);
    }

    private static PodSpec pod(String overlay) {
        return sts(overlay).getSpec().getTemplate().getSpec();
    }

    private static Container container(String overlay) {
        List<Container> c = pod(overlay).getContainers();
        assertEquals(1, c.size());
        return c.get(0);
    }

    private static Map<String, String> env(String overlay) {
        Map<String, String> out = new LinkedHashMap<>();
        for (EnvVar e : container(overlay).getEnv()) {
            out.put(e.getName(), e.getValue());
        }
        return out;
    }

    private static VolumeMount mountOf(String overlay, String volume) {
        return container(overlay).getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": volume " + volume + " is not mounted"));
    }

    private static Volume volume(String overlay, String name) {
        return pod(overlay).getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no volume " + name));
    }

    private static <T extends HasMetadata> T named(String overlay, Class<T> type, String name) {
        return all(overlay, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void everyObjectLoadsIntoItsKubernetesModelWithoutUnknownFields(String overlay) {
        assertEquals(List.of(), UNKNOWN.get(overlay));
        Map<String, Long> kinds = RENDERED.get(overlay).stream()
                .collect(Collectors.groupingBy(HasMetadata::getKind, TreeMap::new, Collectors.counting()));
        // redundant: a second ConfigMap holds the quorum's signer addresses
        assertEquals(Map.of("ConfigMap", overlay.equals("redundant") ? 2L : 1L, "NetworkPolicy", 1L, "PodDisruptionBudget", 1L, "Secret", 2L, "Service", 2L,
                "ServiceAccount", 1L, "ServiceMonitor", 1L, "StatefulSet", 1L), kinds);
        for (HasMetadata o : RENDERED.get(overlay)) {
            assertNull(o.getMetadata().getNamespace(), "namespace is the deployer's choice: " + o.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void eachReplicaGetsItsOwnSigningKeyFileNamedAfterItsPod(String overlay) {
        int replicas = REPLICAS.get(overlay);
        StatefulSet s = sts(overlay);
        assertEquals(replicas, s.getSpec().getReplicas());
        assertEquals("Parallel", s.getSpec().getPodManagementPolicy(), "replicas index independently");
        Volume keys = volume(overlay, "attest-keys");
        Secret secret = named(overlay, Secret.class, keys.getSecret().getSecretName());
        Set<String> expected = IntStream.range(0, replicas).mapToObj(i -> s.getMetadata().getName() + "-" + i)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, new TreeSet<>(secret.getData().keySet()));
        assertEquals(replicas, secret.getData().values().stream().distinct().count(), "one different key per pod");
        VolumeMount m = mountOf(overlay, "attest-keys");
        assertEquals("$(POD_NAME)", m.getSubPathExpr(), "the pod picks its own key by name");
        assertNull(m.getSubPath());
        assertTrue(m.getReadOnly());
        EnvVar podName = container(overlay).getEnv().stream().filter(e -> e.getName().equals("POD_NAME")).findFirst().orElseThrow();
        assertEquals("metadata.name", podName.getValueFrom().getFieldRef().getFieldPath());
        assertEquals(m.getMountPath(), env(overlay).get("ASSAY_ATTEST_KEY_FILE"));
        assertEquals(0440, keys.getSecret().getDefaultMode(), "readable by the pod's group (fsGroup), nobody else");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void containerListensOnTheApplicationPortAndBothServicesTargetIt(String overlay) {
        int port = AppSettings.httpPort();
        Container c = container(overlay);
        assertEquals(1, c.getPorts().size());
        assertEquals(port, c.getPorts().get(0).getContainerPort());
        assertEquals("http", c.getPorts().get(0).getName());
        assertEquals("0.0.0.0", env(overlay).get("QUARKUS_HTTP_HOST"), "the application listens on loopback by default");
        assertFalse(env(overlay).containsKey("QUARKUS_HTTP_PORT"));
        Map<String, String> podLabels = sts(overlay).getSpec().getTemplate().getMetadata().getLabels();
        assertEquals(sts(overlay).getSpec().getSelector().getMatchLabels(), podLabels);
        for (Service svc : all(overlay, Service.class)) {
            assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()), svc.getMetadata().getName());
            assertEquals(1, svc.getSpec().getPorts().size());
            assertEquals(new IntOrString("http"), svc.getSpec().getPorts().get(0).getTargetPort());
            assertEquals(port, svc.getSpec().getPorts().get(0).getPort());
        }
        Service headless = named(overlay, Service.class, sts(overlay).getSpec().getServiceName());
        assertEquals("None", headless.getSpec().getClusterIP(), "a StatefulSet's governing Service is headless");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void probesUseTheHealthEndpointsOnTheHttpPort(String overlay) {
        Container c = container(overlay);
        assertProbe(c.getStartupProbe(), AppSettings.STARTED);
        assertProbe(c.getLivenessProbe(), AppSettings.LIVE);
        assertProbe(c.getReadinessProbe(), AppSettings.READY);
        int startupBudget = c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold();
        assertTrue(startupBudget >= 300, "a large store may take minutes to open; startup budget " + startupBudget + " s");
    }

    private static void assertProbe(Probe p, String path) {
        assertNotNull(p, path);
        assertEquals(path, p.getHttpGet().getPath());
        assertEquals(new IntOrString("http"), p.getHttpGet().getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void storeProfilesAndKeyAreMountedWhereTheConfigurationPoints(String overlay) {
        Map<String, String> env = env(overlay);
        StatefulSet s = sts(overlay);
        assertEquals(1, s.getSpec().getVolumeClaimTemplates().size());
        String data = s.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertEquals(env.get("ASSAY_DATA_DIR"), mountOf(overlay, data).getMountPath());
        assertNotNull(s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"));
        assertEquals(List.of("ReadWriteOnce"), s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getAccessModes());
        assertEquals(env.get("ASSAY_PROFILES"), mountOf(overlay, "profiles").getMountPath());
        assertTrue(mountOf(overlay, "profiles").getReadOnly());
        assertTrue(env.get("ASSAY_ATTEST_KEY_FILE").startsWith("/"));
        assertFalse(env.containsKey("ASSAY_ATTEST_KEY"), "the key comes from a mounted file, never a plain variable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void everyAssayVariableIsAKeyTheApplicationKnowsAndEveryEndpointNamesAChain(String overlay) throws IOException {
        ConfigKeys keys = ConfigKeys.of(AssayConfig.class);
        List<String> names = new ArrayList<>(env(overlay).keySet());
        Container c = container(overlay);
        assertEquals(1, c.getEnvFrom().size());
        Secret rpc = named(overlay, Secret.class, c.getEnvFrom().get(0).getSecretRef().getName());
        names.addAll(rpc.getData().keySet());
        Set<String> chains = new TreeSet<>();
        try (Stream<Path> files = Files.list(AppSettings.PROJECT.resolve("chains"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .forEach(n -> chains.add(n.substring(0, n.length() - 5)));
        }
        for (String name : names) {
            if (name.startsWith("ASSAY_")) {
                assertTrue(keys.acceptsEnv(name), overlay + ": " + name + " matches no key of AssayConfig " + keys.names());
            }
        }
        Set<String> endpointChains = rpc.getData().keySet().stream()
                .map(n -> n.replaceFirst("^ASSAY_CHAINS_(.+)_ENDPOINTS$", "$1").toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(chains, endpointChains, "rpc.env.example names every shipped chain, and only those");
        assertTrue(keys.acceptsEnv("ASSAY_DATA_DIR") && !keys.acceptsEnv("ASSAY_DATA_DIRECTORY"), "the matcher itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void profilesConfigMapCarriesExactlyTheRepositoryProfiles(String overlay) throws IOException {
        Volume v = volume(overlay, "profiles");
        ConfigMap cm = named(overlay, ConfigMap.class, v.getConfigMap().getName());
        Map<String, String> mounted = new TreeMap<>();
        for (KeyToPath item : v.getConfigMap().getItems()) {
            assertTrue(cm.getData().containsKey(item.getKey()), item.getKey());
            mounted.put(item.getPath(), cm.getData().get(item.getKey()));
        }
        assertEquals(new TreeSet<>(cm.getData().keySet()),
                v.getConfigMap().getItems().stream().map(KeyToPath::getKey).collect(Collectors.toCollection(TreeSet::new)),
                "every profile in the ConfigMap is mounted (items list every key)");
        Map<String, String> repo = new TreeMap<>();
        Path chains = AppSettings.PROJECT.resolve("chains");
        for (Path dir : List.of(chains, chains.resolve("assets"))) {
            try (Stream<Path> files = Files.list(dir)) {
                // profiles and the address lists asset profiles read (set: {file: x.txt})
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".txt")).toList()) {
                    repo.put(chains.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(repo.keySet(), mounted.keySet(), "k8s/base/chains lists the same profiles and address lists as chains/");
        repo.forEach((path, text) -> assertEquals(text, mounted.get(path),
                "k8s/base/chains/" + path + " differs from chains/" + path + ": copy it over"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void podRunsAsNonRootOnAReadOnlyRootWithoutCapabilitiesOrApiToken(String overlay) {
        PodSpec p = pod(overlay);
        assertTrue(p.getSecurityContext().getRunAsNonRoot());
        assertTrue(p.getSecurityContext().getRunAsUser() > 0);
        assertEquals(1001L, p.getSecurityContext().getRunAsUser(), "the uid the images are built for");
        assertNotNull(p.getSecurityContext().getFsGroup(), "the store's volume must be writable by the pod");
        assertEquals("RuntimeDefault", p.getSecurityContext().getSeccompProfile().getType());
        assertFalse(p.getAutomountServiceAccountToken());
        ServiceAccount sa = named(overlay, ServiceAccount.class, p.getServiceAccountName());
        assertFalse(sa.getAutomountServiceAccountToken());
        var sc = container(overlay).getSecurityContext();
        assertTrue(sc.getReadOnlyRootFilesystem());
        assertFalse(sc.getAllowPrivilegeEscalation());
        assertTrue(sc.getRunAsNonRoot());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
        assertNull(sc.getPrivileged());
        // a read-only root needs a writable /tmp (Vert.x file cache)
        assertNotNull(volume(overlay, "tmp").getEmptyDir());
        assertEquals("/tmp", mountOf(overlay, "tmp").getMountPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void cpuMemoryAndScratchSpaceHaveRequestsWithinLimits(String overlay) {
        var r = container(overlay).getResources();
        for (String res : List.of("cpu", "memory", "ephemeral-storage")) {
            Quantity req = r.getRequests().get(res);
            Quantity lim = r.getLimits().get(res);
            assertNotNull(req, "request " + res);
            assertNotNull(lim, "limit " + res);
            assertTrue(Quantity.getAmountInBytes(req).compareTo(Quantity.getAmountInBytes(lim)) <= 0, res);
        }
        Quantity tmpSize = volume(overlay, "tmp").getEmptyDir().getSizeLimit();
        assertTrue(Quantity.getAmountInBytes(tmpSize).compareTo(Quantity.getAmountInBytes(r.getLimits().get("ephemeral-storage"))) <= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void disruptionBudgetFitsTheReplicaCount(String overlay) {
        PodDisruptionBudget pdb = one(overlay, PodDisruptionBudget.class);
        assertEquals(sts(overlay).getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
        if (overlay.equals("single")) {
            // minAvailable 1 on a single pod would block every node drain forever
            assertNull(pdb.getSpec().getMinAvailable());
            assertEquals(new IntOrString(1), pdb.getSpec().getMaxUnavailable());
        } else {
            assertNull(pdb.getSpec().getMaxUnavailable());
            int min = pdb.getSpec().getMinAvailable().getIntVal();
            assertEquals(2, min, "two of three signers stay up");
            assertTrue(min < REPLICAS.get(overlay), "one pod at a time can still be moved");
        }
    }

    /**
     * The redundant overlay's replicas form a quorum (docs/quorum.md): peers are the headless service (every ready pod)
     * on the API port, k is more than half the replicas and at most all of them, the allowed signers (one address per
     * replica) come from a ConfigMap, and the network policy lets the pods reach each other's API port.
     */
    @Test
    void redundantReplicasFormAQuorumThroughTheHeadlessService() {
        String overlay = "redundant";
        int replicas = REPLICAS.get(overlay);
        Map<String, String> env = env(overlay);
        Service headless = named(overlay, Service.class, sts(overlay).getSpec().getServiceName());
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(sts(overlay).getSpec().getSelector().getMatchLabels(), headless.getSpec().getSelector());
        int port = headless.getSpec().getPorts().get(0).getPort();
        assertEquals(AppSettings.httpPort(), port);
        assertEquals("dns://" + headless.getMetadata().getName() + ":" + port, env.get("ASSAY_QUORUM_PEERS"));
        int k = Integer.parseInt(env.get("ASSAY_QUORUM_K"));
        assertTrue(2 * k > replicas && k <= replicas, "k = " + k + " of " + replicas);
        EnvVar signers = container(overlay).getEnv().stream().filter(e -> e.getName().equals("ASSAY_QUORUM_SIGNERS"))
                .findFirst().orElseThrow();
        ConfigMap cm = named(overlay, ConfigMap.class, signers.getValueFrom().getConfigMapKeyRef().getName());
        String list = cm.getData().get(signers.getValueFrom().getConfigMapKeyRef().getKey());
        assertEquals(replicas, java.util.Arrays.stream(list.split(",")).map(String::trim)
                .filter(a -> a.matches("0x[0-9a-fA-F]{40}")).distinct().count(), "one signer address per replica: " + list);
        NetworkPolicy np = one(overlay, NetworkPolicy.class);
        assertTrue(np.getSpec().getEgress().stream().anyMatch(r -> r.getTo() != null && r.getTo().stream()
                .anyMatch(t -> t.getPodSelector() != null && sts(overlay).getSpec().getSelector().getMatchLabels()
                        .equals(t.getPodSelector().getMatchLabels()))
                && r.getPorts().stream().anyMatch(p -> port(p).equals("TCP/" + port))), "pods reach each other's API port");
        assertFalse(env("single").containsKey("ASSAY_QUORUM_PEERS"), "a single node has no quorum");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void networkPolicyAdmitsOnlyTheApiPortAndLetsDnsAndRpcOut(String overlay) {
        NetworkPolicy np = one(overlay, NetworkPolicy.class);
        assertEquals(sts(overlay).getSpec().getSelector().getMatchLabels(), np.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
        List<String> in = np.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream()).map(KubernetesManifestsTest::port).toList();
        assertEquals(List.of("TCP/" + AppSettings.httpPort()), in);
        Set<String> out = np.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream()).map(KubernetesManifestsTest::port)
                .collect(Collectors.toSet());
        assertTrue(out.containsAll(Set.of("UDP/53", "TCP/53", "TCP/443", "TCP/8545", "TCP/8332", "TCP/8899")), out.toString());
    }

    private static String port(NetworkPolicyPort p) {
        return p.getProtocol() + "/" + p.getPort().getIntVal();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void serviceMonitorScrapesMetricsFromTheApiServiceOnly(String overlay) {
        ServiceMonitor sm = one(overlay, ServiceMonitor.class);
        Map<String, String> selector = sm.getSpec().getSelector().getMatchLabels();
        List<Service> matched = all(overlay, Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
        assertEquals(1, matched.size(), "one Service, or every pod would be scraped twice");
        assertNotEquals("None", matched.get(0).getSpec().getClusterIP());
        assertEquals(1, sm.getSpec().getEndpoints().size());
        Endpoint e = sm.getSpec().getEndpoints().get(0);
        assertEquals("http", e.getPort());
        assertEquals(AppSettings.METRICS, e.getPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "redundant"})
    void rpcSecretHoldsCommaSeparatedUrlsPerChain(String overlay) {
        Secret rpc = named(overlay, Secret.class, container(overlay).getEnvFrom().get(0).getSecretRef().getName());
        for (String v : rpc.getData().values()) {
            String url = new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8);
            assertTrue(url.matches("https?://\\S+(,https?://\\S+)*"), "comma-separated URLs: " + url);
        }
    }
}
