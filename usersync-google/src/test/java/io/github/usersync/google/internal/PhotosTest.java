package io.github.usersync.google.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhotosTest {
  @Test
  void mapsGooglesFormatNamesToMediaTypes() {
    assertThat(Photos.contentType("JPEG", new byte[0])).isEqualTo("image/jpeg");
    assertThat(Photos.contentType("PNG", new byte[0])).isEqualTo("image/png");
    assertThat(Photos.contentType("GIF", new byte[0])).isEqualTo("image/gif");
    assertThat(Photos.contentType("BMP", new byte[0])).isEqualTo("image/bmp");
    assertThat(Photos.contentType("TIFF", new byte[0])).isEqualTo("image/tiff");
    assertThat(Photos.contentType("image/webp", new byte[0])).isEqualTo("image/webp");
  }

  @Test
  void sniffsTheBytesWhenTheTypeIsUnknown() {
    assertThat(Photos.contentType("", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
    assertThat(Photos.contentType("web-safe base64", new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEqualTo("image/png");
    assertThat(Photos.contentType("", new byte[] {1, 2, 3})).isEqualTo("application/octet-stream");
  }
}
