package io.github.usersync.okta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OktaJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @ParameterizedTest
  @CsvSource({
    "ACTIVE,true", "PASSWORD_EXPIRED,true", "LOCKED_OUT,true", "RECOVERY,true",
    "STAGED,false", "PROVISIONED,false", "SUSPENDED,false", "DEPROVISIONED,false", "SOMETHING_NEW,false"
  })
  void activeMeansTheUserCanSignIn(String status, boolean active) throws Exception {
    DirectoryUser u = OktaJson.user(json("{'id':'00u1','status':'" + status + "','profile':{'login':'a@b.c'}}"));

    assertThat(u.active()).isEqualTo(active);
  }

  @Test
  void fallsBackWhenProfileFieldsAreMissingOrBlank() throws Exception {
    DirectoryUser u = OktaJson.user(json("{'id':'00u1','status':'ACTIVE','profile':{'email':'a@b.c','displayName':' ','managerId':''}}"));

    assertThat(u.username()).isEqualTo("a@b.c");
    assertThat(u.displayName()).isEmpty();
    assertThat(u.managerId()).isEmpty();
    assertThat(OktaJson.user(json("{'id':'00u2'}")).username()).isEqualTo("00u2");
  }

  @Test
  void refusesAUserOrGroupWithoutAnId() {
    assertThatThrownBy(() -> OktaJson.user(json("{'status':'ACTIVE'}"))).isInstanceOf(DirectoryException.class);
    assertThatThrownBy(() -> OktaJson.group(json("{'profile':{'name':'x'}}"))).isInstanceOf(DirectoryException.class);
    assertThatThrownBy(() -> OktaJson.user(json("'00u1'"))).isInstanceOf(DirectoryException.class);
  }
}
