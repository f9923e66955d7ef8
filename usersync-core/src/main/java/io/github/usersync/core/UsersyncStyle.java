package io.github.usersync.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style shared by usersync's value types and by connector modules.
 *
 * <p>Generated classes are package-private; each value type exposes a public nested {@code Builder}
 * and a static {@code builder()}, so no public signature names a generated {@code Immutable*} type.
 * Source retention, and no classpath annotations on generated code (the {@code Override} entry only
 * stands in for "none", since an empty list means "all"): nothing of Immutables is needed to compile
 * against usersync or to run it, and users see no "Cannot find annotation method" warnings.
 *
 * <p>A builder missing a required value throws {@link MissingValueException}, a {@link
 * ConfigurationException}, not Immutables' default {@code IllegalStateException}.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.SOURCE)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    allowedClasspathAnnotations = {Override.class},
    throwForInvalidImmutableState = MissingValueException.class,
    defaults = @Value.Immutable(copy = true))
public @interface UsersyncStyle {}
