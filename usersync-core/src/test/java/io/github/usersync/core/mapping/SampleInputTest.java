package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.fixture;
import static io.github.usersync.core.mapping.MappingTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.model.DirectoryUser;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SampleInputTest {

  static Stream<Arguments> samples() {
    return Stream.of(
        // provider, fixture, id, username, email, given, family, display, active
        Arguments.of("entra", "entra_user", "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "AdeleV@contoso.com", "AdeleV@contoso.com", "Adele", "Vance", "Adele Vance", true),
        Arguments.of("google", "google_user", "114720993484837766891", "liz@example.com",
            "liz@example.com", "Élisabeth", "Müller", "Élisabeth Müller", true),
        Arguments.of("keycloak", "keycloak_user", "5b0b4c57-6f1a-4b6e-9f7e-3f8f2c1d0a9b", "jdoe",
            "jdoe@example.com", "John", "Doe", "", true),
        Arguments.of("okta", "okta_user", "00ub0oNGTSWTBKOLGLNR", "Isaac.Brock@example.com",
            "isaac.brock@example.com", "Isaac", "Brock", "", true),
        Arguments.of("onelogin", "onelogin_user", "12345678", "kim", "kim@example.com", "Kim",
            "Lee", "", true),
        Arguments.of("other", "keycloak_user", "5b0b4c57-6f1a-4b6e-9f7e-3f8f2c1d0a9b", "jdoe",
            "jdoe@example.com", "John", "Doe", "", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void fillsTheNormalisedFieldsAsTheConnectorDoes(
      String provider, String fixture, String id, String username, String email, String given,
      String family, String display, boolean active) {
    DirectoryUser u = SampleInput.fromJson(fixture(fixture), provider).user();
    assertThat(u.id()).isEqualTo(id);
    assertThat(u.username()).isEqualTo(username);
    assertThat(u.email().orElse("")).isEqualTo(email);
    assertThat(u.givenName().orElse("")).isEqualTo(given);
    assertThat(u.familyName().orElse("")).isEqualTo(family);
    assertThat(u.displayName().orElse("")).isEqualTo(display);
    assertThat(u.active()).isEqualTo(active);
    assertThat(u.raw()).isEqualTo(fixture(fixture));
  }

  @Test
  void aWrapperAddsGroupsRolesAManagerAndAPhoto() {
    MappingInput in =
        SampleInput.fromJson(
            json(
                "{\"user\": {\"id\": \"00u1\", \"status\": \"SUSPENDED\", \"profile\": {\"login\": \"a@x\", \"managerId\": \"00u2\"}},"
                    + " \"groups\": [\"Engineering\", {\"id\": \"r1\", \"name\": \"Admins\", \"role\": true}],"
                    + " \"manager\": {\"id\": \"00u2\", \"profile\": {\"login\": \"boss@x\"}},"
                    + " \"photoFingerprint\": \"fp\"}"),
            "okta");
    assertThat(in.user().active()).isFalse();
    assertThat(in.user().managerId()).contains("00u2");
    assertThat(in.groups()).extracting(g -> g.name()).containsExactly("Engineering", "Admins");
    UserMapping m = UserMapping.builder().attribute("r", "$roles").attribute("boss", "$manager.username").build();
    MappedUser out = m.map(in).user().orElseThrow();
    assertThat(out.attributes().get("r")).isEqualTo(AttributeValue.set("Admins"));
    assertThat(out.attributes().get("boss")).isEqualTo(AttributeValue.set("boss@x"));
    assertThat(in.photoFingerprint()).contains("fp");
  }

  @Test
  void aSampleMustBeAnObject() {
    assertThatThrownBy(() -> SampleInput.fromJson(json("[]"), "okta"))
        .isInstanceOf(MappingException.class)
        .hasMessage("sample: expected a user as a JSON object");
  }
}
