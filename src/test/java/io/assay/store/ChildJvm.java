package io.assay.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM running a test's {@code main} class on this JVM's class path, with the module flags the store
 * needs (the {@code --add-*}, {@code --enable-native-access} and {@code -Dchronicle*} arguments this JVM was given),
 * a small heap and C1 only (crash tests start many and kill them). Its standard output is the caller's to read,
 * its standard error goes to a file.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * @param err  file the child's standard error is written to (for failure messages)
     * @param args the child's {@code main} arguments
     */
    public static Process start(Class<?> main, Path err, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("-Dchronicle")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    }
}
