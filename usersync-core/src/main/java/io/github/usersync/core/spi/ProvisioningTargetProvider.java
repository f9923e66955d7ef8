package io.github.usersync.core.spi;

/**
 * A stateless factory for one kind of {@link ProvisioningTarget}, found with {@link
 * java.util.ServiceLoader}: list the implementation class in {@code
 * META-INF/services/io.github.usersync.core.spi.ProvisioningTargetProvider}. Its {@link #id()} is
 * the target type a config names, e.g. {@code jira}, {@code memory}; a host's own target registers
 * the same way.
 */
public interface ProvisioningTargetProvider extends Provider<ProvisioningTarget> {}
