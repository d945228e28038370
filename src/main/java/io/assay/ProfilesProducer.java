package io.assay;

import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.config.Workspace;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Loads and validates every profile at startup, from the workspace's profiles folder with its endpoints
 * ({@code chains/} and the settings; the demo's: the devnet's). A bad profile throws a
 * {@link io.assay.config.ProfileException} whose one-line message names file, field and expectation;
 * {@link Main} prints that line and exits with status 2.
 */
@ApplicationScoped
public class ProfilesProducer {
    private static final Logger LOG = Logger.getLogger(ProfilesProducer.class);

    @Produces
    @Singleton
    @Startup
    Profiles profiles(Instance<Workspace> workspace, Config raw) {
        Workspace w = workspace.get();
        Path dir = w.profiles();
        ProfileLoader loader = new ProfileLoader(w::endpoints,
                // secrets named by profiles (off-chain sources' auth): environment, system properties or config keys
                name -> raw.getOptionalValue(name, String.class));
        Profiles p = loader.load(dir);
        LOG.infof("profiles from %s: assets %s", dir, p.assets().keySet());
        p.chains().values().forEach(c -> LOG.infof("chain %s (%s%s, finality %s): endpoints %s", c.name(),
                c.family().name().toLowerCase(java.util.Locale.ROOT),
                c.chainId() > 0 ? " " + c.chainId() : " " + c.network(), c.finality(), c.endpoints()));
        return p;
    }

}
