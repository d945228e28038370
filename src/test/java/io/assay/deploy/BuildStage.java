package io.assay.deploy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a Dockerfile build stage on this machine, as far as it can run without a container engine: COPY
 * takes files from the build context (the project, filtered by {@code .dockerignore}) into a folder that
 * stands for the image's root, WORKDIR moves inside it, RUN runs in bash there with this JVM's JDK. RUN
 * lines that call {@code native-image} cannot run here (no GraalVM): they are recorded, not run.
 */
final class BuildStage {
    /** A RUN line that was not run, and the image folder it would have run in. */
    record Skipped(String command, String workdir) {
    }

    private final Path root;
    private final Path log;
    private final List<String> ignore;
    private final List<Skipped> skipped = new ArrayList<>();
    private String workdir = "/";

    BuildStage(Path root, Path log) throws IOException {
        this.root = root;
        this.log = log;
        this.ignore = Files.readAllLines(AppSettings.PROJECT.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    List<Skipped> run(Dockerfile.Stage stage) throws IOException, InterruptedException {
        for (Dockerfile.Instruction i : stage.instructions()) {
            switch (i.keyword()) {
                case "USER", "LABEL" -> {
                }
                case "WORKDIR" -> {
                    workdir = i.args().startsWith("/") ? i.args() : workdir + "/" + i.args();
                    Files.createDirectories(host(workdir));
                }
                case "COPY" -> copy(i);
                case "RUN" -> {
                    if (i.args().matches("(?s).*\\bnative-image\\b.*")) {
                        skipped.add(new Skipped(i.args(), workdir));
                    } else {
                        exec(i);
                    }
                }
                default -> throw new AssertionError("line " + i.line() + ": " + i.keyword() + " is not supported here");
            }
        }
        return List.copyOf(skipped);
    }

    /** The folder standing for {@code imagePath}. */
    Path host(String imagePath) {
        return root.resolve(imagePath.replaceFirst("^/+", ""));
    }

    private void copy(Dockerfile.Instruction i) throws IOException {
        if (i.options().containsKey("from")) {
            throw new AssertionError("line " + i.line() + ": COPY --from in a build stage is not supported here");
        }
        List<String> ops = i.operands();
        String dest = ops.get(ops.size() - 1);
        String destAbs = dest.startsWith("/") ? dest : workdir + "/" + dest;
        for (String src : ops.subList(0, ops.size() - 1)) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + src);
            Path srcPath = AppSettings.PROJECT.resolve(src);
            if (Files.isDirectory(srcPath)) {
                // COPY dir dest copies the folder's contents into dest
                copyTree(srcPath, host(destAbs));
            } else {
                boolean any = false;
                try (Stream<Path> files = Files.list(srcPath.getParent())) {
                    for (Path f : files.toList()) {
                        if (m.matches(AppSettings.PROJECT.relativize(f)) && inContext(f)) {
                            Path target = dest.endsWith("/") ? host(destAbs).resolve(f.getFileName().toString()) : host(destAbs);
                            Files.createDirectories(target.getParent());
                            Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                            any = true;
                        }
                    }
                }
                if (!any) {
                    throw new AssertionError("line " + i.line() + ": COPY " + src + " matches nothing in the build context");
                }
            }
        }
    }

    private void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                if (Files.isRegularFile(p) && inContext(p)) {
                    Path target = to.resolve(from.relativize(p).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private boolean inContext(Path file) {
        return DockerfilesTest.inContext(ignore, AppSettings.PROJECT.relativize(file).toString());
    }

    private void exec(Dockerfile.Instruction i) throws IOException, InterruptedException {
        Files.writeString(log, "\n== RUN (Dockerfile line " + i.line() + ", in " + workdir + "): " + i.args() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", i.args()).directory(host(workdir).toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        String javaHome = System.getProperty("java.home");
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("PATH", javaHome + "/bin:" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                throw new AssertionError("line " + i.line() + ": RUN did not finish in 20 minutes; log: " + log);
            }
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("line " + i.line() + ": RUN failed (" + p.exitValue() + "): " + i.args() + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }
}
