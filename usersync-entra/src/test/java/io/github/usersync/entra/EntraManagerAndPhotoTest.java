package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.BOB;
import static io.github.usersync.entra.Graph.CAROL;
import static io.github.usersync.entra.Graph.DAVE;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.model.Photo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraManagerAndPhotoTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final byte[] JPEG =
      "\u00ff\u00d8\u00ff\u00e0 not really a jpeg".getBytes(StandardCharsets.ISO_8859_1);

  private EntraDirectory directory() {
    Graph.stubToken(wm);
    return Graph.open(Graph.settings(wm).build());
  }

  @Test
  void readsTheManagersIdAndA404AsNoManager() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/manager")).willReturn(ok("manager", "alice", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + BOB + "/manager"))
        .willReturn(json(404, "error", "manager-not-found", wm)));
    EntraDirectory d = directory();

    assertThat(d.managerId(ALICE)).contains(BOB);
    assertThat(d.managerId(BOB)).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/" + ALICE + "/manager"))
        .withQueryParam("$select", equalTo("id")));
  }

  @Test
  void thePhotoFingerprintComesFromTheMetadataEtagAndChangesWithIt() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo")).willReturn(ok("photo", "metadata", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + DAVE + "/photo"))
        .willReturn(ok("photo", "metadata-changed", wm)));
    EntraDirectory d = directory();

    assertThat(d.photoFingerprint(ALICE)).contains(Photo.sha256("mediaEtag:\"BA09D118\""));
    assertThat(d.photoFingerprint(DAVE)).isPresent().isNotEqualTo(d.photoFingerprint(ALICE));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo/$value")));
  }

  @Test
  void noPhotoIsEmptyWhetherGraphAnswers404OrThe1x1Placeholder() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + BOB + "/photo"))
        .willReturn(json(404, "error", "image-not-found", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + CAROL + "/photo"))
        .willReturn(ok("photo", "placeholder", wm)));
    EntraDirectory d = directory();

    assertThat(d.photoFingerprint(BOB)).isEmpty();
    assertThat(d.photoFingerprint(CAROL)).isEmpty();
    assertThat(d.photo(BOB)).isEmpty();
    assertThat(d.photo(CAROL)).isEmpty();
    wm.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/users/" + BOB + "/photo/$value")));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/users/" + CAROL + "/photo/$value")));
  }

  @Test
  void thePhotoCarriesItsBytesTheContentTypeGraphSendsAndTheSameFingerprint() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo")).willReturn(ok("photo", "metadata", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo/$value"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    EntraDirectory d = directory();

    Photo photo = d.photo(ALICE).orElseThrow();

    assertThat(photo.bytes()).isEqualTo(JPEG);
    assertThat(photo.contentType()).isEqualTo("image/jpeg");
    assertThat(photo.fingerprint()).isEqualTo(d.photoFingerprint(ALICE).orElseThrow());
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo/$value"))
        .withHeader("Accept", equalTo("image/*")));
  }

  @Test
  void aPhotoWhoseBytesAreGoneIsEmpty() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo")).willReturn(ok("photo", "metadata", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo/$value"))
        .willReturn(json(404, "error", "image-not-found", wm)));

    assertThat(directory().photo(ALICE)).isEmpty();
  }

  @Test
  void a403OnPhotosAsksForProfilePhotoReadAll() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo")).willReturn(json(403, "error", "forbidden", wm)));

    assertThatThrownBy(() -> directory().photoFingerprint(ALICE))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("ProfilePhoto.Read.All");
  }
}
