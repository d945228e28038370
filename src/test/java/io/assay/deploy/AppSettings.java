package io.assay.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The application's own settings, read from {@code src/main/resources/application.yaml}, and the project folder. */
final class AppSettings {
    static final Path PROJECT = Path.of(System.getProperty("devnet.project-dir", ".")).toAbsolutePath().normalize();

    /** Paths smallrye-health serves; HealthProbePathsTest proves the running application answers on them. */
    static final String STARTED = "/q/health/started";
    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";
    static final String METRICS = "/q/metrics";

    private AppSettings() {
    }

    static Object yaml(String dottedPath) {
        Map<?, ?> node;
        try {
            node = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(PROJECT.resolve("src/main/resources/application.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object v = node;
        for (String part : dottedPath.split("\\.")) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(part)) {
                throw new AssertionError("application.yaml has no " + dottedPath);
            }
            v = m.get(part);
        }
        return v;
    }

    /** {@code quarkus.http.port} as the application is configured. */
    static int httpPort() {
        return ((Number) yaml("quarkus.http.port")).intValue();
    }
}
