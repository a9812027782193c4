package io.flashcore.nativeio;

import java.nio.file.Path;
import java.util.List;

/**
 * The process-wide switch for device fault injection: engines a component opens through
 * {@link #wrap} carry the installed {@link FaultPlan}'s faults, or none when no plan is installed.
 * A plan comes from {@link #install} (tests, the CLI's {@code --inject}) or, at first use, from the
 * system properties {@value #PROPERTY} (the plan) and {@value #SEED_PROPERTY} (its seed, default 1)
 * for child processes.
 *
 * <p>Thread-safe. Engines already wrapped keep the plan they were built with.
 */
public final class FaultInjection {
    /** System property holding a fault plan, e.g. {@code eio:drive=3:rate=0.01}. */
    public static final String PROPERTY = "flashcore.faults";
    /** System property holding the fault plan's seed. */
    public static final String SEED_PROPERTY = "flashcore.faults.seed";

    private static volatile FaultPlan installed = fromProperties();

    private FaultInjection() {
    }

    private static FaultPlan fromProperties() {
        String spec = System.getProperty(PROPERTY);
        return spec == null || spec.isBlank() ? null : FaultPlan.parse(spec, Long.getLong(SEED_PROPERTY, 1));
    }

    /** Makes engines wrapped from now on inject {@code plan}'s faults (null: none). */
    public static void install(FaultPlan plan) {
        installed = plan;
    }

    /** Stops injecting into engines wrapped from now on. */
    public static void clear() {
        installed = null;
    }

    /** The installed plan, or null. */
    public static FaultPlan installed() {
        return installed;
    }

    /**
     * {@code engine} wrapped in a {@link FaultInjectingIoEngine} with the installed plan, numbering
     * devices by their position in {@code drives}; {@code engine} itself when no plan is installed.
     */
    public static IoEngine wrap(IoEngine engine, List<Path> drives) {
        FaultPlan p = installed;
        return p == null ? engine : new FaultInjectingIoEngine(engine, p, drives);
    }
}
