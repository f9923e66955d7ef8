package io.github.usersync.core.memory;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A group's member keys in one open-addressed array (linear probing, deletion by backward shift):
 * about 6 bytes a member where a concurrent hash set spends about 40, which is most of the
 * in-memory target's heap at millions of memberships. The keys are the users' own key strings, not
 * copies. Thread-safe.
 */
final class MemberSet {
  private @Nullable String[] table = new String[8];
  private int size;

  synchronized boolean add(String key) {
    if ((size + 1) * 3 > table.length * 2) {
      resize(table.length * 2);
    }
    int i = slot(key, table.length);
    while (table[i] != null) {
      if (key.equals(table[i])) {
        return false;
      }
      i = (i + 1) & (table.length - 1);
    }
    table[i] = key;
    size++;
    return true;
  }

  synchronized boolean contains(String key) {
    return find(key) >= 0;
  }

  synchronized boolean remove(String key) {
    int i = find(key);
    if (i < 0) {
      return false;
    }
    int mask = table.length - 1;
    // Shift back the entries that probed past the freed slot, so every lookup still finds them.
    int free = i;
    int j = (i + 1) & mask;
    while (table[j] != null) {
      String k = table[j];
      int home = slot(k, table.length);
      boolean between = free <= j ? (free < home && home <= j) : (free < home || home <= j);
      if (!between) {
        table[free] = k;
        free = j;
      }
      j = (j + 1) & mask;
    }
    table[free] = null;
    size--;
    return true;
  }

  synchronized int size() {
    return size;
  }

  /** A snapshot of the members. */
  synchronized List<String> toList() {
    List<String> out = new ArrayList<>(size);
    for (String k : table) {
      if (k != null) {
        out.add(k);
      }
    }
    return out;
  }

  private int find(String key) {
    int i = slot(key, table.length);
    while (table[i] != null) {
      if (key.equals(table[i])) {
        return i;
      }
      i = (i + 1) & (table.length - 1);
    }
    return -1;
  }

  private void resize(int capacity) {
    @Nullable String[] old = table;
    table = new String[capacity];
    for (String k : old) {
      if (k != null) {
        int i = slot(k, capacity);
        while (table[i] != null) {
          i = (i + 1) & (capacity - 1);
        }
        table[i] = k;
      }
    }
  }

  private static int slot(String key, int capacity) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & (capacity - 1);
  }
}
