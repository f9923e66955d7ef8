package io.github.usersync.core.spi;

/**
 * A stateless factory for one kind of {@link IdpDirectory}, found with {@link
 * java.util.ServiceLoader}: list the implementation class in {@code
 * META-INF/services/io.github.usersync.core.spi.IdpDirectoryProvider}. Its {@link #id()} is the
 * provider id, e.g. {@code okta}, {@code entra}, {@code google}.
 */
public interface IdpDirectoryProvider extends Provider<IdpDirectory> {}
