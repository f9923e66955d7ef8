package io.github.usersync.core.state.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** Sync names as parts of file names: safe on every file system, distinct for distinct names. */
final class FileNames {
  private static final int LONGEST = 120;

  private FileNames() {}

  /**
   * Letters, digits, {@code -}, {@code _} and {@code .} stay; every other byte of the UTF-8 form
   * becomes {@code %XX}. Long results keep a prefix and a hash of the whole name. On a
   * case-insensitive file system, names that differ only in case share a file: their runs are
   * serialised, never overlapped.
   */
  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || (c == '.' && out.length() > 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    if (out.length() <= LONGEST) {
      return out.toString();
    }
    return out.substring(0, LONGEST - 17) + "-" + sha256(name).substring(0, 16);
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format(Locale.ROOT, "%02x", b & 0xff));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
