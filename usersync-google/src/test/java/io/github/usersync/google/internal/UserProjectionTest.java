package io.github.usersync.google.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserProjectionTest {
  @Test
  void theDefaultSetIsTheBasicProjectionWithoutAFieldSelection() {
    UserProjection p = UserProjection.of(List.of());

    assertThat(p.projection()).isEqualTo("basic");
    assertThat(p.customFieldMask()).isEmpty();
    assertThat(p.userFields()).isEmpty();
  }

  @Test
  void namedSchemasUseTheCustomProjectionWithAMask() {
    UserProjection p = UserProjection.of(List.of("customSchemas.Travel.airport", "customSchemas.HR.costCenter",
        "customSchemas.HR.grade"));

    assertThat(p.projection()).isEqualTo("custom");
    assertThat(p.customFieldMask()).contains("HR,Travel");
    assertThat(p.userFields()).contains("id,primaryEmail,name,suspended,archived,relations,thumbnailPhotoEtag,customSchemas");
  }

  @Test
  void allSchemasUseTheFullProjection() {
    UserProjection p = UserProjection.of(List.of("customSchemas"));

    assertThat(p.projection()).isEqualTo("full");
    assertThat(p.customFieldMask()).isEmpty();
  }

  @Test
  void derivedAndArrayPathsSelectTheFieldsTheyComeFrom() {
    UserProjection p = UserProjection.of(List.of("primaryOrganization.title", "managerEmail", "phones[0].value",
        "emails.address", "name.givenName"));

    assertThat(p.projection()).isEqualTo("basic");
    assertThat(p.userFields())
        .contains("id,primaryEmail,name,suspended,archived,relations,thumbnailPhotoEtag,organizations,phones,emails");
  }

  @Test
  void aFieldGoogleDoesNotHaveTurnsTheSelectionOff() {
    assertThat(UserProjection.of(List.of("orgUnitPath", "costCenter")).userFields()).isEmpty();
  }
}
