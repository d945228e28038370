package io.assay.devnet;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the devnet's tools live. The devnet folder is {@code chains/devnet} of the project (found from the
 * {@code devnet.dir} or {@code devnet.project-dir} system properties, else from the working directory
 * upwards); node packages are installed there by {@code npm ci}; litecoind comes from the system.
 */
public final class DevnetPaths {
    private DevnetPaths() {
    }

    public static Path devnetDir() {
        String explicit = System.getProperty("devnet.dir");
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath();
        }
        String project = System.getProperty("devnet.project-dir");
        if (project != null && Files.isRegularFile(Path.of(project, "chains/devnet/package.json"))) {
            return Path.of(project, "chains/devnet").toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("chains/devnet/package.json"))) {
                return p.resolve("chains/devnet");
            }
        }
        throw new DevnetException("cannot find chains/devnet/package.json from " + Path.of("").toAbsolutePath()
                + "; run from the project folder or set -Ddevnet.dir");
    }

    public static Path anvil() {
        Path p = devnetDir().resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(p)) {
            throw new DevnetException("anvil not found at " + p + ": run 'npm ci' in " + devnetDir());
        }
        return p;
    }

    public static Path guard() {
        return devnetDir().resolve("bin/guard.sh");
    }

    public static Path litecoind() {
        String explicit = System.getProperty("devnet.litecoind");
        if (explicit != null) {
            return Path.of(explicit);
        }
        Path p = onPath("litecoind");
        if (p == null) {
            throw new DevnetException("litecoind not found on PATH: install it (Debian: apt-get install litecoind)"
                    + " or set -Ddevnet.litecoind=/path/to/litecoind");
        }
        return p;
    }

    public static Path node() {
        Path p = onPath("node");
        if (p == null) {
            throw new DevnetException("node not found on PATH: install Node.js 20+");
        }
        return p;
    }

    public static void requireNodeModules() {
        Path nm = devnetDir().resolve("node_modules");
        if (!Files.isDirectory(nm.resolve("solc")) || !Files.isDirectory(nm.resolve("litesvm"))) {
            throw new DevnetException("devnet node packages missing in " + nm + ": run 'npm ci' in " + devnetDir());
        }
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
