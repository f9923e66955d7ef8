/**
 * Benchmarks, run by hand (never in the test suite): JMH benchmarks ({@code java -jar
 * benchmarks/target/benchmarks.jar}) and scale harnesses with a {@code main} each ({@code java -cp
 * benchmarks/target/benchmarks.jar <class>}), which serve a directory from a {@link
 * io.github.usersync.testkit.LocalApiServer} (from the test kit) on loopback in an IdP's wire format, optionally with
 * a real IdP's round-trip delay, and print requests, throughput and peak heap.
 */
@NullMarked
package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import org.jspecify.annotations.NullMarked;
