package io.github.usersync.core.sync.internal;

import java.util.Arrays;

/** A growable list of ints: memberships of 100,000 users take 4 bytes each, not an object each. */
final class IntList {
  private int[] values = new int[4];
  private int size;

  void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return values[i];
  }

  /** The values sorted and without duplicates. */
  int[] sortedDistinct() {
    int[] a = Arrays.copyOf(values, size);
    Arrays.sort(a);
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (i == 0 || a[i] != a[i - 1]) {
        a[n++] = a[i];
      }
    }
    return n == a.length ? a : Arrays.copyOf(a, n);
  }
}
