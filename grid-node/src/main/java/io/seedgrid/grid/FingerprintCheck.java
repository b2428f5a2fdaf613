package io.seedgrid.grid;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.plugin.CachePluginContext;
import org.apache.ignite.plugin.CachePluginProvider;
import org.apache.ignite.plugin.ExtensionRegistry;
import org.apache.ignite.plugin.IgnitePlugin;
import org.apache.ignite.plugin.PluginConfiguration;
import org.apache.ignite.plugin.PluginContext;
import org.apache.ignite.plugin.PluginProvider;
import org.apache.ignite.plugin.PluginValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, at join, every node and client whose {@link BuildFingerprint} differs from this cluster's: Ignite asks the
 * plugins of the discovery coordinator (the oldest server node) to validate each joining node before it enters the
 * topology. The coordinator logs one line, and the joining node's start fails with one line, both naming the two
 * fingerprints. Everything else a plugin may do is left empty.
 */
final class FingerprintCheck implements PluginProvider<PluginConfiguration> {
    /** How the message a refused node receives begins. */
    static final String REFUSED = "refused by the cluster: ";

    private static final Logger LOG = LoggerFactory.getLogger("io.seedgrid.grid");
    private static final IgnitePlugin PLUGIN = new IgnitePlugin() {};

    private final String fingerprint;

    FingerprintCheck(String fingerprint) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    }

    @Override
    public void validateNewNode(ClusterNode node) throws PluginValidationException {
        Object theirs = node.attribute(NodeConfig.ATTR_FINGERPRINT);
        if (fingerprint.equals(theirs)) {
            return;
        }
        String what = node.isClient() ? "client" : "node";
        String shown = theirs == null ? "(none: not a seedgrid node, or an older build)" : theirs.toString();
        String local = "refused " + what + " " + EvaluateTask.name(node) + " (" + node.id()
                + "): its build fingerprint " + shown + " differs from this cluster's " + fingerprint;
        LOG.warn(local);
        throw new PluginValidationException(
                local,
                REFUSED + "this " + what + "'s build fingerprint "
                        + shown + " differs from the cluster's " + fingerprint
                        + "; every node and coordinator must run the same seedgrid build",
                node.id());
    }

    @Override
    public String name() {
        return "seedgrid-build-fingerprint";
    }

    @Override
    public String version() {
        return fingerprint;
    }

    @Override
    public String copyright() {
        return "";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IgnitePlugin> T plugin() {
        return (T) PLUGIN;
    }

    @Override
    public void initExtensions(PluginContext ctx, ExtensionRegistry registry) {}

    @Override
    public <T> T createComponent(PluginContext ctx, Class<T> cls) {
        return null;
    }

    @Override
    public CachePluginProvider createCacheProvider(CachePluginContext ctx) {
        return null;
    }

    @Override
    public void start(PluginContext ctx) {}

    @Override
    public void stop(boolean cancel) {}

    @Override
    public void onIgniteStart() {}

    @Override
    public void onIgniteStop(boolean cancel) {}

    @Override
    public Serializable provideDiscoveryData(UUID nodeId) {
        return null;
    }

    @Override
    public void receiveDiscoveryData(UUID nodeId, Serializable data) {}
}
