package io.github.usersync.onelogin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.UserQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UserJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest(name = "status {0}, state {1} -> active {2}")
  @CsvSource({
    "1, 1, true", // Active, Approved
    "3, 1, true", // Locked until locked_until
    "4, 1, true", // Password expired
    "5, 1, true", // Awaiting password reset
    "7, 1, true", // Password pending
    "8, 1, true", // Security questions required
    "0, 1, false", // Unactivated
    "2, 1, false", // Suspended
    "6, 1, false", // undocumented code
    "9, 1, false", // a code OneLogin may add
    "1, 0, false", // Unapproved
    "1, 2, false", // Rejected
    "1, 3, false", // Unlicensed
  })
  void activeFollowsStatusAndState(int status, int state, boolean active) {
    assertThat(UserJson.active(json("{\"status\":" + status + ",\"state\":" + state + "}"))).isEqualTo(active);
  }

  @Test
  void aRecordWithoutStatusIsJudgedByItsState() {
    assertThat(UserJson.active(json("{\"state\":1}"))).isTrue();
    assertThat(UserJson.active(json("{\"state\":2}"))).isFalse();
    assertThat(UserJson.active(json("{\"status\":\"1\"}"))).isFalse();
  }

  @Test
  void idsAreIntegersInJsonAndStringsHere() {
    DirectoryUser u =
        UserJson.toUser(json("{\"id\":9007199254740993,\"username\":\"u\",\"manager_user_id\":0,\"status\":1}"));

    assertThat(u.id()).isEqualTo("9007199254740993");
    assertThat(u.managerId()).as("0 means no manager").isEmpty();
    assertThat(UserJson.toUser(json("{\"id\":12,\"manager_user_id\":\"34\"}")).managerId()).contains("34");
  }

  @Test
  void aUserWithoutUsernameOrEmailIsNamedByItsId() {
    DirectoryUser u = UserJson.toUser(json("{\"id\":12,\"username\":\"  \",\"email\":null,\"firstname\":\"Ada\"}"));

    assertThat(u.username()).isEqualTo("12");
    assertThat(u.displayName()).contains("Ada");
  }

  @Test
  void aUserWithoutIdIsNotTheDocumentedShape() {
    assertThatThrownBy(() -> UserJson.toUser(json("{\"username\":\"x\"}")))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("without an integer id");
  }

  @Test
  void fieldsAskForTheStandardSetAndWhatTheQueryNames() {
    assertThat(UserJson.fields(UserQuery.standard()))
        .startsWith("id,username,email,firstname,lastname,status,state,manager_user_id,")
        .contains(",custom_attributes,")
        .doesNotContain("role_ids");
    assertThat(UserJson.fields(UserQuery.builder().addAttributes("/custom_attributes/cost", "title", "phone[0]", "email").build()))
        .isEqualTo("id,username,email,firstname,lastname,status,state,manager_user_id,custom_attributes,title,phone");
  }

  @Test
  void rolesAndGroupsCarryTheirKind() {
    DirectoryGroup role = GroupJson.toGroup(GroupJson.Kind.ROLE, json("{\"id\":199848,\"name\":\"Employee\",\"apps\":[1]}"));
    DirectoryGroup group = GroupJson.toGroup(GroupJson.Kind.GROUP, json("{\"id\":417333,\"name\":\"employees\",\"reference\":null}"));

    assertThat(role.id()).isEqualTo("role:199848");
    assertThat(role.raw().path("usersyncKind").asText()).isEqualTo("role");
    assertThat(role.raw().path("apps").get(0).asInt()).isEqualTo(1);
    assertThat(group.id()).isEqualTo("group:417333");
    assertThat(group.raw().path("usersyncKind").asText()).isEqualTo("group");
    assertThat(GroupJson.parse("role:199848").map(GroupJson.Ref::id)).contains("199848");
    assertThat(GroupJson.parse("group:417333").map(GroupJson.Ref::kind)).contains(GroupJson.Kind.GROUP);
    assertThat(GroupJson.parse("role:")).isEmpty();
    assertThat(GroupJson.parse("role:12a")).isEmpty();
    assertThat(GroupJson.parse("199848")).isEmpty();
    assertThatThrownBy(() -> GroupJson.toGroup(GroupJson.Kind.ROLE, json("{\"id\":1}")))
        .hasMessageContaining("without a name");
  }
}
