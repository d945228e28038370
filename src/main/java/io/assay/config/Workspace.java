package io.assay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a run reads its chain profiles and endpoints and keeps its data. The wiring asks this and does not care
 * which kind of run it is: a service ({@link ConfiguredWorkspace}: the {@code assay.*} settings) or the demo
 * ({@code devnet.DemoWorkspace}: the devnet's profiles and endpoints, fresh folders removed on exit). The one in
 * force is picked by {@code assay.demo.enabled} (which the {@code demo} profile sets) when it is looked up through
 * {@code Instance<Workspace>}.
 */
public interface Workspace {
    /** The folder with the chain profiles ({@code *.yaml}) and {@code assets/*.yaml}. */
    Path profiles();

    /** The endpoints of chain {@code name} when they come from outside its profile (settings, environment, devnet). */
    Optional<List<String>> endpoints(String name);

    /** Where the store keeps its files. */
    Path store();

    /** Where feed rounds are kept. */
    Path rounds();

    /**
     * Called once what was kept in {@code folder} (one of {@link #store()} and {@link #rounds()}) is closed, at
     * shutdown: a service keeps its data; the demo removes its fresh folders. Never throws.
     */
    void release(Path folder);
}
