package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.NOTHING;
import static io.github.usersync.core.mapping.MappingTests.eval;
import static io.github.usersync.core.mapping.MappingTests.fixture;
import static io.github.usersync.core.mapping.MappingTests.group;
import static io.github.usersync.core.mapping.MappingTests.json;
import static io.github.usersync.core.mapping.MappingTests.role;
import static io.github.usersync.core.mapping.MappingTests.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.model.DirectoryUser;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of source, on users shaped like each IdP's documented JSON. */
class SourcesTest {

  static Stream<Arguments> paths() {
    return Stream.of(
        // rule, fixture, expected
        Arguments.of("userPrincipalName", "entra_user", "AdeleV@contoso.com"),
        Arguments.of("onPremisesExtensionAttributes.extensionAttribute1", "entra_user", "cc-4711"),
        Arguments.of("onPremisesExtensionAttributes.extensionAttribute2", "entra_user", NOTHING),
        Arguments.of("onPremisesExtensionAttributes.extensionAttribute3", "entra_user", NOTHING),
        Arguments.of("extension_b7d8e5a2c3f94c1e9a1b2c3d4e5f6a7b_costCenter", "entra_user", "4711"),
        Arguments.of("[\"@odata.context\"]", "entra_user",
            "https://graph.microsoft.com/v1.0/$metadata#users/$entity"),
        Arguments.of("businessPhones[0]", "entra_user", "+1 425 555 0109"),
        Arguments.of("businessPhones[5]", "entra_user", NOTHING),
        Arguments.of("businessPhones[-1]", "entra_user", "+1 425 555 0109"),
        Arguments.of("proxyAddresses", "entra_user", "SMTP:AdeleV@contoso.com"),
        Arguments.of("proxyAddresses[1]", "entra_user", "smtp:adele@contoso.onmicrosoft.com"),
        Arguments.of("accountEnabled", "entra_user", "true"),
        Arguments.of("mobilePhone", "entra_user", NOTHING),
        Arguments.of("no.such.path", "entra_user", NOTHING),
        Arguments.of("mail[0]", "entra_user", "AdeleV@contoso.com"),
        Arguments.of("mail[1]", "entra_user", NOTHING),
        Arguments.of("mail.value", "entra_user", NOTHING),
        Arguments.of("customSchemas.HR.costCenter", "google_user", "4711"),
        Arguments.of("customSchemas.HR.skills[*].value | join(',')", "google_user", "java,sql"),
        Arguments.of("customSchemas.HR.skills.value | join(',')", "google_user", "java,sql"),
        Arguments.of("emails[0].address", "google_user", "liz.alias@example.com"),
        Arguments.of("emails[primary=true].address", "google_user", "liz@example.com"),
        Arguments.of("relations[type='manager'].value", "google_user", "boss@example.com"),
        Arguments.of("relations[type=\"spouse\"].value", "google_user", NOTHING),
        Arguments.of("phones[type=mobile].value", "google_user", "+49 170 555 0101"),
        Arguments.of("organizations[0].department", "google_user", "Platform"),
        Arguments.of("name.fullName", "google_user", "Élisabeth Müller"),
        Arguments.of("attributes.phone[0]", "keycloak_user", "+49 30 1234"),
        Arguments.of("attributes.phone", "keycloak_user", "+49 30 1234"),
        Arguments.of("attributes[\"x.y\"][0]", "keycloak_user", "dotted"),
        Arguments.of("attributes['x.y']", "keycloak_user", "dotted"),
        Arguments.of("attributes.skills", "keycloak_user", "java"),
        Arguments.of("attributes.skills | join(', ')", "keycloak_user", "java, go"),
        Arguments.of("attributes.skills | all", "keycloak_user", "[\"java\",\"go\"]"),
        Arguments.of("attributes.empty", "keycloak_user", NOTHING),
        Arguments.of("attributes.empty | all", "keycloak_user", NOTHING),
        Arguments.of("createdTimestamp", "keycloak_user", "1700000000000"),
        Arguments.of("profile.login", "okta_user", "Isaac.Brock@example.com"),
        Arguments.of("profile.costCenter", "okta_user", "4711"),
        Arguments.of("profile.displayName", "okta_user", NOTHING),
        Arguments.of("custom_attributes.cost_center", "onelogin_user", "4711"),
        Arguments.of("id", "onelogin_user", "12345678"),
        Arguments.of("role_ids | join('+')", "onelogin_user", "123+456"));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("paths")
  void pathsAddressTheIdpJsonAsTheIdpDocsNameIt(String rule, String fixture, String expected) {
    assertThat(eval(rule, fixture(fixture))).isEqualTo(expected);
  }

  static Stream<Arguments> otherSources() {
    return Stream.of(
        Arguments.of("'fixed text'", "fixed text"),
        Arguments.of("\"double quoted\"", "double quoted"),
        Arguments.of("'it''s'", "it's"),
        Arguments.of("''", NOTHING),
        Arguments.of("template('{givenName} {surname}')", "Adele Vance"),
        Arguments.of("template(\"{givenName} {surname}\")", "Adele Vance"),
        Arguments.of("template('{surname}, {givenName | upper}')", "Vance, ADELE"),
        Arguments.of("template('{mobilePhone} {nothing}')", NOTHING),
        Arguments.of("template('{givenName} {mobilePhone}')", "Adele"),
        Arguments.of("template('{{{givenName}}}')", "{Adele}"),
        Arguments.of("template('no placeholders')", "no placeholders"),
        Arguments.of("template('{$username}@{department | lower}')", "jane@d01"),
        Arguments.of("template(\"{mobilePhone | default('n/a')}\")", "n/a"),
        Arguments.of("firstOf(mobilePhone, businessPhones[0])", "+1 425 555 0109"),
        Arguments.of("mobilePhone ?? businessPhones[0]", "+1 425 555 0109"),
        Arguments.of("mobilePhone ?? nothing ?? 'none'", "none"),
        Arguments.of("firstOf(mobilePhone | upper, jobTitle | trim)", "Retail Manager"),
        Arguments.of("(mobilePhone | upper) ?? 'x'", "x"),
        Arguments.of("mobilePhone ?? jobTitle | trim | upper", "RETAIL MANAGER"),
        Arguments.of("$id", "u-1"),
        Arguments.of("$username", "jane"),
        Arguments.of("$email", "jane@example.com"),
        Arguments.of("$givenName", "Jane"),
        Arguments.of("$familyName", "Doe"),
        Arguments.of("$displayName", "Jane Doe"),
        Arguments.of("$active", "true"),
        Arguments.of("$managerId", NOTHING),
        Arguments.of("$groups", NOTHING),
        Arguments.of("$photo", NOTHING),
        Arguments.of("$manager.username", NOTHING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherSources")
  void constantsTemplatesFallbacksAndSpecialSources(String rule, String expected) {
    assertThat(eval(rule, fixture("entra_user"))).isEqualTo(expected);
  }

  @Test
  void groupsRolesManagerAndPhotoComeFromTheMappingInput() {
    DirectoryUser manager =
        DirectoryUser.builder()
            .id("m-1")
            .username("boss")
            .email("boss@example.com")
            .displayName("The Boss")
            .givenName("Bo")
            .familyName("Ss")
            .active(true)
            .raw(json("{\"profile\":{\"login\":\"boss@example.com\",\"employeeNumber\":42}}"))
            .build();
    MappingInput input =
        MappingInput.builder()
            .user(user(json("{}")))
            .groups(List.of(group("g1", "Engineering"), role("r1", "Admins"), group("g2", "All")))
            .manager(manager)
            .photoFingerprint("sha-abc")
            .build();
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("$groups | join(',')", "Engineering,All"),
            Map.entry("$groups", "Engineering"),
            Map.entry("$groups | all", "[\"Engineering\",\"All\"]"),
            Map.entry("$roles", "Admins"),
            Map.entry("$manager.id", "m-1"),
            Map.entry("$manager.username", "boss"),
            Map.entry("$manager.email", "boss@example.com"),
            Map.entry("$manager.displayName", "The Boss"),
            Map.entry("$manager.givenName", "Bo"),
            Map.entry("$manager.familyName", "Ss"),
            Map.entry("$manager.raw.profile.employeeNumber", "42"),
            Map.entry("$manager.raw[\"profile\"].login", "boss@example.com"),
            Map.entry("$managerId", "m-1"),
            Map.entry("$photo", "sha-abc"));
    expected.forEach((rule, value) -> assertThat(eval(rule, input, Map.of())).as(rule).isEqualTo(value));
  }

  @Test
  void aPathToAnObjectIsAMappingErrorThatSuggestsAField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> eval("onPremisesExtensionAttributes", fixture("entra_user")))
        .isInstanceOf(io.github.usersync.core.MappingException.class)
        .hasMessage(
            "mapping.attributes.x: 'onPremisesExtensionAttributes' is a JSON object, not a value;"
                + " address a field inside it, e.g."
                + " onPremisesExtensionAttributes.extensionAttribute1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> eval("customSchemas.HR.skills", fixture("google_user")))
        .isInstanceOf(io.github.usersync.core.MappingException.class)
        .hasMessageContaining("e.g. customSchemas.HR.skills.value");
  }
}
