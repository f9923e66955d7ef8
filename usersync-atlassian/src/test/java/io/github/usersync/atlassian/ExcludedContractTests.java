package io.github.usersync.atlassian;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables named tests of an inherited contract, with the reason shown in the test report, for a
 * target whose product cannot do what those tests exercise (and which other tests check it
 * refuses clearly).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExcludedContractTests.Condition.class)
@interface ExcludedContractTests {
  /** The test method names. */
  String[] value();

  /** Why the product cannot pass them. */
  String reason();

  /** Evaluates {@link ExcludedContractTests}. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      ExcludedContractTests ex = context.getRequiredTestClass().getAnnotation(ExcludedContractTests.class);
      if (ex != null && context.getTestMethod().isPresent()
          && Arrays.asList(ex.value()).contains(context.getTestMethod().get().getName())) {
        return ConditionEvaluationResult.disabled(ex.reason());
      }
      return ConditionEvaluationResult.enabled("not excluded");
    }
  }
}
