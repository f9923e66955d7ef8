package io.github.usersync.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Measures the peak heap used while a piece of work runs: resets the heap pools' peak usage before,
 * sums their peaks after. Includes garbage not yet collected, so it is an upper bound of what the
 * work needed; run with {@code -Xmx} set to see whether it fits.
 */
public final class HeapMeter {
  private HeapMeter() {}

  /** Collects garbage and resets the peaks. */
  public static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peak usage since {@link #reset()}, in MiB. */
  public static long peakMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  /** The heap in use after a full collection, in MiB. */
  public static long liveMiB() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  /** The maximum heap, in MiB. */
  public static long maxMiB() {
    return Runtime.getRuntime().maxMemory() / (1024 * 1024);
  }
}
