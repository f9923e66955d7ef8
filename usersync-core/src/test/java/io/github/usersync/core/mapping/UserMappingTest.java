package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.fixture;
import static io.github.usersync.core.mapping.MappingTests.group;
import static io.github.usersync.core.mapping.MappingTests.json;
import static io.github.usersync.core.mapping.MappingTests.role;
import static io.github.usersync.core.mapping.MappingTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserMappingTest {
  private static final TargetCapabilities CONFLUENCE =
      TargetCapabilities.builder()
          .allowedAttributes(Set.of("phone", "im", "website", "position", "department", "location"))
          .build();

  private static DirectoryUser.Builder base() {
    return DirectoryUser.builder().id("u-1").username("jane").active(true);
  }

  private static MappedUser mapped(UserMapper m, DirectoryUser u) {
    return m.map(MappingInput.of(u)).user().orElseThrow();
  }

  private static MappedUser mapped(UserMapper m, MappingInput in) {
    return m.map(in).user().orElseThrow();
  }

  @Test
  void managerAttributesNameTheAttributesTakenFromTheManager() {
    assertThat(UserMapping.defaults().managerAttributes()).contains(Set.of());
    assertThat(UserMapping.defaults().toBuilder().manager(true).build().managerAttributes()).contains(Set.of());
    assertThat(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email")
        .attribute("boss", "template('{$manager.displayName}') | upper").attribute("department", "department").build()
        .managerAttributes()).contains(Set.of("managerEmail", "boss"));
    assertThat(UserMapping.defaults().toBuilder().displayName("template('{displayName} ({$manager.displayName})')")
        .attribute("managerEmail", "$manager.email").build().managerAttributes())
        .as("a standard field taken from the manager: cannot tell from the host's attributes").isEmpty();
  }

  @Test
  void defaultsMapTheNormalisedFieldsOfEveryIdp() {
    MappedUser u =
        mapped(
            UserMapping.defaults(),
            base().email("jane@example.com").displayName("Jane Doe").active(false).build());
    assertThat(u.externalId()).isEqualTo("u-1");
    assertThat(u.username()).isEqualTo("jane");
    assertThat(u.email()).isEqualTo(AttributeValue.set("jane@example.com"));
    assertThat(u.displayName()).isEqualTo(AttributeValue.set("Jane Doe"));
    assertThat(u.active()).isFalse();
    assertThat(u.attributes()).isEmpty();
    assertThat(u.managerId()).isEmpty();
    assertThat(u.photoFingerprint()).isEmpty();
  }

  @Test
  void defaultDisplayNameFallsBackToGivenAndFamilyNameThenKeepsTheHostsValue() {
    UserMapping m = UserMapping.defaults();
    assertThat(mapped(m, base().givenName("Jane").familyName("Doe").build()).displayName())
        .isEqualTo(AttributeValue.set("Jane Doe"));
    assertThat(mapped(m, base().familyName("Doe").build()).displayName())
        .isEqualTo(AttributeValue.set("Doe"));
    assertThat(mapped(m, base().build()).displayName()).isEqualTo(AttributeValue.keep());
    assertThat(mapped(m, base().build()).email()).isEqualTo(AttributeValue.keep());
  }

  @Test
  void defaultsReadNoIdpPathsAndNeedNoManagerOrPhoto() {
    UserMapping m = UserMapping.defaults();
    assertThat(m.sourcePaths()).isEmpty();
    assertThat(m.usesGroups()).isTrue();
    assertThat(m.usesManager()).isFalse();
    assertThat(m.usesPhoto()).isFalse();
    assertThat(UserMapping.defaultsFor("keycloak")).isSameAs(UserMapping.defaults());
    assertThat(UserMapping.defaultsFor("somebody-elses-idp")).isSameAs(UserMapping.defaults());
  }

  @Test
  void entraDefaultsTurnAGuestsUpnIntoTheirEmailWhenMailIsEmpty() {
    JsonNode raw = fixture("entra_guest");
    DirectoryUser guest =
        DirectoryUser.builder()
            .id(raw.get("id").asText())
            .username(raw.get("userPrincipalName").asText())
            .displayName(raw.get("displayName").asText())
            .active(true)
            .raw(raw)
            .build();
    MappedUser u = mapped(UserMapping.defaultsFor("entra"), guest);
    assertThat(u.email()).isEqualTo(AttributeValue.set("jane.doe@example.com"));
    assertThat(u.username()).isEqualTo("jane.doe_example.com#EXT#@contoso.onmicrosoft.com");
    assertThat(UserMapping.defaultsFor("ENTRA").sourcePaths()).containsExactly("userPrincipalName");
  }

  @Test
  void googleDefaultsUseTheFullNameWhenTheDisplayNameIsMissing() {
    MappedUser u = mapped(UserMapping.defaultsFor("google"), base().raw(fixture("google_user")).build());
    assertThat(u.displayName()).isEqualTo(AttributeValue.set("Élisabeth Müller"));
  }

  @Test
  void whenEmptyPoliciesPerRule() {
    UserMapping m =
        UserMapping.builder()
            .attribute("plain", "missing")
            .attribute("keep", "missing | whenEmpty(keep)")
            .attribute("clear", "missing | whenEmpty(clear)")
            .attribute("dflt", "missing | whenEmpty(default('n/a'))")
            .attribute("present", "present | whenEmpty(skip)")
            .email("missing | whenEmpty(clear)")
            .displayName(Rule.path("missing").whenEmpty(WhenEmpty.useDefault("Someone")))
            .build();
    MappedUser u = mapped(m, base().raw(json("{\"present\":\"yes\"}")).build());
    assertThat(u.attributes())
        .containsExactly(
            Map.entry("plain", AttributeValue.clear()),
            Map.entry("keep", AttributeValue.keep()),
            Map.entry("clear", AttributeValue.clear()),
            Map.entry("dflt", AttributeValue.set("n/a")),
            Map.entry("present", AttributeValue.set("yes")));
    assertThat(u.email()).isEqualTo(AttributeValue.clear());
    assertThat(u.displayName()).isEqualTo(AttributeValue.set("Someone"));
  }

  @Test
  void skipReportsWhyAndFailNamesTheRuleAndTheUser() {
    DirectoryUser u = base().raw(json("{}")).build();
    assertThat(
            UserMapping.builder()
                .attribute("costCenter", "costCenter | whenEmpty(skip)")
                .build()
                .map(MappingInput.of(u))
                .skipReason())
        .contains("mapping.attributes.costCenter yielded nothing (whenEmpty(skip))");
    assertThat(
            UserMapping.builder()
                .attribute("costCenter", Rule.path("costCenter").whenEmpty(WhenEmpty.skipUser("no cost center")))
                .build()
                .map(MappingInput.of(u))
                .skipReason())
        .contains("no cost center");
    assertThatThrownBy(
            () ->
                UserMapping.builder()
                    .attribute("costCenter", "costCenter | whenEmpty(fail)")
                    .build()
                    .map(MappingInput.of(u)))
        .isInstanceOf(MappingException.class)
        .hasMessage(
            "mapping.attributes.costCenter: yielded nothing for user u-1 (rule: costCenter |"
                + " whenEmpty(fail)); add a fallback such as firstOf(…, $username), or end the rule"
                + " with | whenEmpty(skip) or | whenEmpty(default('…'))");
  }

  @Test
  void aUsernameThatYieldsNothingFailsTheUserUnlessTheRuleSaysOtherwise() {
    DirectoryUser u = base().raw(json("{\"upn\":null}")).build();
    MappingException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            MappingException.class,
            () -> UserMapping.builder().username("upn").build().map(MappingInput.of(u)));
    assertThat(e.rule()).isEqualTo("mapping.username");
    assertThat(e.position()).isEmpty();
    assertThat(e).hasMessageStartingWith("mapping.username: yielded nothing for user u-1 (rule: upn)");
    assertThat(
            UserMapping.builder().username("upn | whenEmpty(skip)").build().map(MappingInput.of(u)).skipReason())
        .contains("mapping.username yielded nothing (whenEmpty(skip))");
    assertThat(mapped(UserMapping.builder().username("upn ?? $username").build(), u).username())
        .isEqualTo("jane");
  }

  @Test
  void activeReadsBooleansAndRejectsAnythingElse() {
    UserMapping okta = UserMapping.builder().active("status | oneOf('ACTIVE', 'PASSWORD_EXPIRED')").build();
    assertThat(mapped(okta, base().active(false).raw(fixture("okta_user")).build()).active()).isTrue();
    UserMapping google = UserMapping.builder().active("suspended | not").build();
    assertThat(mapped(google, base().raw(fixture("google_user")).build()).active()).isTrue();
    UserMapping entra = UserMapping.builder().active("accountEnabled | whenEmpty(default('false'))").build();
    assertThat(mapped(entra, base().raw(json("{}")).build()).active()).isFalse();
    assertThatThrownBy(
            () -> UserMapping.builder().active("status").build().map(MappingInput.of(base().raw(fixture("okta_user")).build())))
        .isInstanceOf(MappingException.class)
        .hasMessage(
            "mapping.active: 'ACTIVE' is not a boolean (true/false, yes/no, 1/0); turn the value"
                + " into one, e.g. status | oneOf('ACTIVE')");
  }

  @Test
  void groupsManagerAndPhotoAreFilledWhenTheMappingSynchronisesThem() {
    UserMapping m =
        UserMapping.builder()
            .groups(GroupRules.builder().prefix("idp-").drop("Everyone").build())
            .manager(true)
            .photo(true)
            .build();
    MappingInput in =
        MappingInput.builder()
            .user(base().managerId("m-1").build())
            .groups(List.of(group("g1", "Engineering"), group("g2", "Everyone"), role("r1", "Admin")))
            .photoFingerprint("fp")
            .build();
    MappedUser u = mapped(m, in);
    assertThat(u.groups()).containsExactly("idp-Engineering", "idp-Admin");
    assertThat(u.managerId()).contains("m-1");
    assertThat(u.photoFingerprint()).contains("fp");
    assertThat(m.usesManager()).isTrue();
    assertThat(m.usesPhoto()).isTrue();

    DirectoryUser managerOnlyAsInput = base().id("m-2").username("boss").build();
    assertThat(
            mapped(m, MappingInput.builder().user(base().build()).manager(managerOnlyAsInput).build())
                .managerId())
        .contains("m-2");
    assertThat(mapped(UserMapping.defaults(), in).managerId()).isEmpty();
    assertThat(mapped(UserMapping.builder().groups(GroupRules.none()).build(), in).groups()).isEmpty();
  }

  @Test
  void requiredGroupsSkipUsersInNoneOfThem() {
    UserMapping m =
        UserMapping.builder()
            .groups(GroupRules.builder().required("jira-users", "regex:eng-.*").build())
            .build();
    MappingInput outsider =
        MappingInput.builder().user(base().build()).addGroups(group("g1", "sales")).build();
    assertThat(m.map(outsider).skipReason())
        .contains("not in a required group (one of: jira-users, regex:eng-.*)");
    MappingInput engineer =
        MappingInput.builder().user(base().build()).addGroups(group("g2", "eng-platform")).build();
    assertThat(m.map(engineer).user()).isPresent();
    assertThat(m.usesGroups()).isTrue();
    assertThat(
            UserMapping.builder()
                .groups(GroupRules.builder().sync(false).required("x").build())
                .build()
                .usesGroups())
        .isTrue();
    assertThat(UserMapping.builder().groups(GroupRules.none()).build().usesGroups()).isFalse();
    assertThat(
            UserMapping.builder().groups(GroupRules.none()).attribute("teams", "$groups | join(',')").build().usesGroups())
        .isTrue();
  }

  @Test
  void sourcePathsListWhatTheRulesReadSoConnectorsFetchOnlyThat() {
    UserMapping m =
        UserMapping.builder()
            .username("userPrincipalName | lower")
            .attribute("cc", "onPremisesExtensionAttributes.extensionAttribute1")
            .attribute("phone", "businessPhones[0] ?? mobilePhone")
            .attribute("k", "attributes[\"x.y\"][0]")
            .attribute("name", "template('{givenName} {surname}')")
            .attribute("boss", "$manager.raw.profile.login")
            .build();
    assertThat(m.sourcePaths())
        .containsExactlyInAnyOrder(
            "userPrincipalName",
            "onPremisesExtensionAttributes.extensionAttribute1",
            "businessPhones",
            "mobilePhone",
            "attributes[\"x.y\"]",
            "givenName",
            "surname",
            "profile.login");
    assertThat(m.usesManager()).isTrue();
  }

  @Test
  void validateForConfluenceListsTheAllowedNames() {
    UserMapping m =
        UserMapping.builder().attribute("department", "department").attribute("manager", "$manager.email").build();
    assertThatThrownBy(() -> m.validateFor(CONFLUENCE))
        .isInstanceOf(MappingException.class)
        .hasMessage(
            "mapping.attributes.manager: the target does not accept the attribute 'manager'; it"
                + " accepts: department, im, location, phone, position, website");
    assertThatThrownBy(
            () -> UserMapping.builder().attribute("deparment", "department").target(CONFLUENCE).build())
        .hasMessage(
            "mapping.attributes.deparment: the target does not accept the attribute 'deparment'"
                + " (did you mean 'department'?); it accepts: department, im, location, phone,"
                + " position, website");
    UserMapping.builder().attribute("department", "department").target(CONFLUENCE).build();
    UserMapping.builder().attribute("anything", "x").build().validateFor(TargetCapabilities.builder().build());
    assertThatThrownBy(() -> UserMapping.builder().manager(true).build().validateFor(CONFLUENCE))
        .hasMessage("mapping.manager: the target keeps no managers; set mapping.manager to false");
    assertThatThrownBy(() -> UserMapping.builder().photo(true).build().validateFor(CONFLUENCE))
        .hasMessage("mapping.photo: the target keeps no photos; set mapping.photo to false");
    UserMapping.builder()
        .manager(true)
        .photo(true)
        .build()
        .validateFor(TargetCapabilities.builder().keepsManagers(true).keepsPhotos(true).build());
  }

  @Test
  void theTextSyntaxAndTheJavaBuilderAreTheSameEngine() {
    JsonNode config =
        json(
            "{"
                + "\"username\": \"userPrincipalName | guestUpnToEmail | lower\","
                + "\"email\": \"mail ?? userPrincipalName | guestUpnToEmail | lower\","
                + "\"displayName\": \"displayName ?? template('{givenName} {surname}')\","
                + "\"active\": \"accountEnabled\","
                + "\"lookups\": {\"departments\": {\"D01\": \"Engineering\"}},"
                + "\"attributes\": {"
                + "  \"department\": \"department | lookup(departments) | whenEmpty(keep)\","
                + "  \"position\": \"jobTitle | trim\","
                + "  \"phone\": \"businessPhones[0] ?? mobilePhone\","
                + "  \"costCenter\": \"onPremisesExtensionAttributes.extensionAttribute1 | upper\","
                + "  \"employeeId\": \"employeeId | replace('^0+', '')\""
                + "},"
                + "\"groups\": {\"prefix\": \"idp-\", \"drop\": [\"^All .*\"]},"
                + "\"manager\": true"
                + "}");
    UserMapping fromText = UserMapping.parse(config);
    UserMapping fromJava =
        UserMapping.builder()
            .username(Rule.path("userPrincipalName").guestUpnToEmail().lower())
            .email(Rule.firstOf(Rule.path("mail"), Rule.path("userPrincipalName")).guestUpnToEmail().lower())
            .displayName(Rule.firstOf(Rule.path("displayName"), Rule.template("{givenName} {surname}")))
            .active(Rule.path("accountEnabled"))
            .lookup("departments", Map.of("D01", "Engineering"))
            .attribute("department", Rule.path("department").lookup("departments").whenEmpty(WhenEmpty.keep()))
            .attribute("position", Rule.path("jobTitle").trim())
            .attribute("phone", Rule.firstOf(Rule.path("businessPhones[0]"), Rule.path("mobilePhone")))
            .attribute("costCenter", Rule.path("onPremisesExtensionAttributes.extensionAttribute1").upper())
            .attribute("employeeId", Rule.path("employeeId").replace("^0+", ""))
            .groups(GroupRules.builder().prefix("idp-").drop("^All .*").build())
            .manager(true)
            .build();
    for (String f : List.of("entra_user", "entra_guest")) {
      MappingInput in =
          MappingInput.builder()
              .user(base().raw(fixture(f)).build())
              .addGroups(group("g1", "Sales"), group("g2", "All Staff"))
              .build();
      assertThat(mapped(fromText, in)).isEqualTo(mapped(fromJava, in));
    }
    MappedUser adele =
        mapped(fromText, MappingInput.builder().user(base().raw(fixture("entra_user")).build()).build());
    assertThat(adele.username()).isEqualTo("adelev@contoso.com");
    assertThat(adele.attributes())
        .containsExactly(
            Map.entry("department", AttributeValue.set("Engineering")),
            Map.entry("position", AttributeValue.set("Retail Manager")),
            Map.entry("phone", AttributeValue.set("+1 425 555 0109")),
            Map.entry("costCenter", AttributeValue.set("CC-4711")),
            Map.entry("employeeId", AttributeValue.set("123")));
    assertThat(fromText.toBuilder().build().toString()).isEqualTo(fromText.toString());
  }

  @Test
  void configLeavesOutWhatTheDefaultsProvide() {
    UserMapping m = UserMapping.parse(json("{\"attributes\":{\"title\":\"jobTitle\"}}"), "entra");
    assertThat(m.toString()).contains("email=firstOf($email, userPrincipalName | guestUpnToEmail)");
    assertThat(UserMapping.parse(json("null")).toString()).isEqualTo(UserMapping.defaults().toString());
    assertThat(UserMapping.parse(json("{\"groups\": false}")).usesGroups()).isFalse();
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> UserMapping.parse(json("{\"atributes\":{}}")))
        .isInstanceOf(MappingException.class)
        .hasMessage(
            "mapping: unknown key 'atributes' (did you mean 'attributes'?); known keys: username,"
                + " email, displayName, active, attributes, lookups, groups, manager, photo");
    assertThatThrownBy(() -> UserMapping.parse(json("{\"attributes\":{\"phone\":{\"value\":\"x\"}}}")))
        .hasMessageStartingWith("mapping.attributes.phone: expected a rule as text");
    assertThatThrownBy(() -> UserMapping.parse(json("{\"groups\":{\"roles\":\"exclud\"}}")))
        .hasMessage(
            "mapping.groups.roles: unknown value 'exclud' (did you mean 'exclude'?); use include,"
                + " exclude or only");
    assertThatThrownBy(() -> UserMapping.parse(json("{\"groups\":{\"drop\":[\"ok\",\"(bad\"]}}")))
        .hasMessage("mapping.groups.drop[1]: invalid regex '(bad': Unclosed group at 4");
    assertThatThrownBy(() -> UserMapping.parse(json("{\"groups\":{\"replace\":[{\"regex\":\"(a)\",\"replacement\":\"$3\"}]}}")))
        .hasMessage("mapping.groups.replace[0].replacement: the replacement refers to group $3 but the regex has 1 group at 0");
    assertThatThrownBy(() -> UserMapping.parse(json("{\"lookups\":{\"d\":[1]}}")))
        .hasMessage("mapping.lookups.d: expected an object (keys and values), not a list");
    assertThatThrownBy(() -> UserMapping.parse(json("{\"manager\":\"yes please\"}")))
        .hasMessage("mapping.manager: expected true or false, not a text");
    assertThatThrownBy(() -> UserMapping.parse(json("[1]")))
        .hasMessageStartingWith("mapping: expected an object with the keys username, email");
  }

  @Test
  void aMappingIsSafeToShareBetweenThreads() {
    UserMapping m =
        UserMapping.builder()
            .attribute("a", "template('{$username}-{$email | stripDomain}') | upper")
            .groups(GroupRules.builder().replace("^g(\\d+)$", "group-$1").build())
            .build();
    List<String> results =
        IntStream.range(0, 2000)
            .parallel()
            .mapToObj(
                i -> {
                  MappedUser u =
                      mapped(
                          m,
                          MappingInput.builder()
                              .user(base().id("u" + i).username("n" + i).email("e" + i + "@x").build())
                              .addGroups(group("g" + (i % 7), "g" + (i % 7)))
                              .build());
                  return u.attributes().get("a") + " " + u.groups();
                })
            .collect(Collectors.toList());
    for (int i = 0; i < 2000; i++) {
      assertThat(results.get(i))
          .isEqualTo("set(N" + i + "-E" + i + ") [group-" + (i % 7) + "]");
    }
  }
}
