package io.github.usersync.core.sync.internal;

import java.util.Arrays;

/**
 * A growable list of longs in chunks of 4,096: 100,000 users' fingerprints take 8 bytes each, and
 * growing never copies the whole list or allocates one large array.
 */
final class LongList {
  private static final int CHUNK = 4096;
  private long[][] chunks = new long[4][];
  private int size;

  void add(long v) {
    int c = size / CHUNK;
    if (c == chunks.length) {
      chunks = Arrays.copyOf(chunks, c * 2);
    }
    long[] chunk = chunks[c];
    if (chunk == null) {
      chunk = new long[CHUNK];
      chunks[c] = chunk;
    }
    chunk[size % CHUNK] = v;
    size++;
  }

  long get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i + " of " + size);
    }
    long[] chunk = chunks[i / CHUNK];
    return chunk == null ? 0 : chunk[i % CHUNK];
  }

  int size() {
    return size;
  }
}
