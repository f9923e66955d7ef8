package io.github.usersync.google.internal;

import java.util.Locale;

/** Media types for Google's {@code UserPhoto.mimeType}, which names formats ({@code JPEG}, {@code PNG}…). */
public final class Photos {
  private Photos() {}

  /**
   * The media type for a photo: Google's {@code mimeType} mapped ({@code JPEG} → {@code
   * image/jpeg}), a media type taken as it is, else what the bytes' signature says.
   */
  public static String contentType(String mimeType, byte[] bytes) {
    String m = mimeType.trim().toLowerCase(Locale.ROOT);
    if (m.contains("/")) {
      return m;
    }
    switch (m) {
      case "jpeg":
      case "jpg":
        return "image/jpeg";
      case "png":
        return "image/png";
      case "gif":
        return "image/gif";
      case "bmp":
        return "image/bmp";
      case "tiff":
      case "tif":
        return "image/tiff";
      default:
        return sniff(bytes);
    }
  }

  private static String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "image/jpeg";
    }
    if (b.length >= 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "image/bmp";
    }
    if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M'))) {
      return "image/tiff";
    }
    return "application/octet-stream";
  }
}
