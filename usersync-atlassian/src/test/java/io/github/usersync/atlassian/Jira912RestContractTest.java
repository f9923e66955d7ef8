package io.github.usersync.atlassian;

/** The remote Jira contract on Jira 9.12, which lists users with {@code user/search}. */
class Jira912RestContractTest extends JiraRestContractTest {
  @Override
  String version() {
    return "9.12.4";
  }
}
