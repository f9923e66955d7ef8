package io.github.usersync.atlassian;

/** The remote Jira contract with attributes kept as Jira user entity properties. */
class JiraRestEntityPropertiesContractTest extends JiraRestContractTest {
  @Override
  JiraAttributeStore store() {
    return JiraAttributeStore.ENTITY_PROPERTIES;
  }
}
